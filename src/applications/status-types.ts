/** The statuses of an application (names and transitions: ./status.ts). A base type, apart from the definition model. */
export type ApplicationStatus =
  | 'draft'
  | 'submitted'
  | 'delivered'
  | 'registered'
  | 'in-progress'
  | 'extended'
  | 'awaiting-second-applicant'
  | 'awaiting-payment'
  | 'returned'
  | 'result-ready'
  | 'refused'
  | 'issued'
  | 'unclaimed'
  | 'annulled'
  | 'withdrawn';
