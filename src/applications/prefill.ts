/**
 * Prefill: what the state holds about the signed-in person, for the fields of a form that say
 * where it comes from (`prefill:` in the definition):
 *  - `full-name`, `registered-address`: one read of the persons DB (getPerson) through the
 *    gateway, on the basis of the person's own data (`meta.self`: they read about themselves,
 *    logged and shown in "who accessed my data" under the service);
 *  - `phone`: the account's phone (registered in the mobile citizens database).
 * The person sees the values in the form and may correct them; nothing is stored here.
 *
 *   GET /api/v1/me/prefill?service=<code> (./routes.ts)  → { values: { field: text | {kk?, ru, en?} }, sources: { field: 'persons' | 'account' } }
 */
import { fullName, type User } from '../accounts/accounts.ts';
import type { AppContext } from '../context.ts';
import type { ServiceDefinition } from '../registry/types.ts';

type Value = string | Record<string, string>;

export async function prefillFor(ctx: AppContext, user: User, def: ServiceDefinition): Promise<{ values: Record<string, Value>; sources: Record<string, 'persons' | 'account'> }> {
  const fields = def.form.fields.filter((f) => f.prefill);
  const values: Record<string, Value> = {};
  const sources: Record<string, 'persons' | 'account'> = {};
  if (fields.some((f) => f.prefill === 'full-name' || f.prefill === 'registered-address')) {
    const r = await ctx.gateway.send('persons', 'getPerson', { iin: user.iin }, { sender: 'qyzmet-portal', purpose: def.code, actorId: user.id, self: { iin: user.iin } });
    if (r.status === 'ok') {
      const p = r.data;
      for (const f of fields) {
        if (f.prefill === 'full-name') values[f.name] = fullName({ surname: p.surname, givenName: p.givenName, patronymic: p.patronymic });
        else if (f.prefill === 'registered-address' && p.address) values[f.name] = { kk: p.address.text.kk, ru: p.address.text.ru }; // the form goes to the provider: kk/ru as registered
        else continue;
        sources[f.name] = 'persons';
      }
    }
    // Not found or unavailable: nothing is prefilled, the person types it (the form still works).
  }
  if (fields.some((f) => f.prefill === 'phone')) {
    const phone = (await ctx.db.query<{ phone: string | null }>('SELECT phone FROM users WHERE id = $1', [user.id], 'prefill_phone')).rows[0]?.phone;
    if (phone)
      for (const f of fields.filter((x) => x.prefill === 'phone')) {
        values[f.name] = phone;
        sources[f.name] = 'account';
      }
  }
  return { values, sources };
}
