/**
 * Names for the synthetic population, by nationality, with the rules that make a
 * family consistent: a child's surname comes from the father's (in the child's gender),
 * the patronymic from the father's given name (Kazakh -ұлы/-қызы or Russian -ович/-овна).
 */

export type Nationality = 'kazakh' | 'russian' | 'ukrainian' | 'german' | 'korean' | 'uzbek' | 'uyghur' | 'tatar';

/** Shares in the synthetic population (roughly the 2021 census). */
export const NATIONALITY_WEIGHTS: Array<[Nationality, number]> = [
  ['kazakh', 70],
  ['russian', 15],
  ['uzbek', 3.3],
  ['ukrainian', 1.9],
  ['uyghur', 1.5],
  ['german', 1.2],
  ['tatar', 1.1],
  ['korean', 0.6],
];

/** Male given names with their Russian-style patronymic forms [name, masc, fem]. */
type MaleName = [string, string, string];

const KAZAKH_MALE = [
  'Нұрлан', 'Серік', 'Ерлан', 'Қайрат', 'Болат', 'Асхат', 'Ержан', 'Дәурен', 'Арман', 'Бауыржан', 'Данияр', 'Ерасыл', 'Әлихан', 'Алихан',
  'Нұрсұлтан', 'Марат', 'Қанат', 'Бақытжан', 'Ерболат', 'Жандос', 'Айдос', 'Бекзат', 'Дастан', 'Мейрам', 'Талғат', 'Асқар', 'Сағат',
  'Жанат', 'Бекболат', 'Ғалым', 'Нұржан', 'Ақжол', 'Елдос', 'Айбек', 'Санжар', 'Темірлан', 'Ернар', 'Нұрасыл', 'Әділет', 'Мақсат',
  'Руслан', 'Самат', 'Рустем', 'Ермек', 'Олжас', 'Жасұлан', 'Мұрат', 'Абылай', 'Әбдірахман', 'Жұмабек', 'Төлеген', 'Бекжан', 'Қуаныш',
  'Ислам', 'Мирас', 'Әмір', 'Арыстан', 'Ілияс', 'Жақсылық', 'Сұлтан',
];
const KAZAKH_FEMALE = [
  'Айгүл', 'Гүлнар', 'Әйгерім', 'Дана', 'Динара', 'Жанар', 'Гүлмира', 'Роза', 'Айжан', 'Сәуле', 'Мадина', 'Аружан', 'Аяла', 'Томирис',
  'Жансая', 'Камила', 'Алия', 'Ақмарал', 'Әсел', 'Балжан', 'Гүлжан', 'Жібек', 'Зарина', 'Индира', 'Ләззат', 'Мөлдір', 'Назерке',
  'Нұргүл', 'Перизат', 'Салтанат', 'Сымбат', 'Толқын', 'Ұлжан', 'Шынар', 'Айдана', 'Ақерке', 'Аяжан', 'Дариға', 'Жұлдыз', 'Қарлығаш',
  'Айым', 'Асем', 'Аминә', 'Раушан', 'Бибігүл', 'Күләш', 'Меруерт', 'Фатима', 'Гаухар', 'Нәзира', 'Сабина', 'Інжу', 'Маржан',
];
const KAZAKH_SURNAME = [
  'Ахметов', 'Сәрсенов', 'Жұмабаев', 'Оспанов', 'Нұрпейісов', 'Бекмұхамедов', 'Тоқтаров', 'Қасымов', 'Төлеуов', 'Сейітқали',
  'Әбдірахманов', 'Ермеков', 'Мұқанов', 'Байжанов', 'Жақсылықов', 'Серікбаев', 'Құрманов', 'Омаров', 'Смағұлов', 'Исаев', 'Қожахметов',
  'Әлиев', 'Есенов', 'Абдуллин', 'Бейсенов', 'Досмұхамедов', 'Жанұзақов', 'Ибраев', 'Кенжебаев', 'Қалиев', 'Мырзахметов', 'Нұрланов',
  'Оразбаев', 'Рахимов', 'Сұлтанов', 'Тұрсынов', 'Уәлиханов', 'Шәріпов', 'Ысқақов', 'Әубәкіров', 'Жүнісов', 'Қайыров', 'Бекболатов',
  'Әбенов', 'Ержанов', 'Сапаров', 'Темірбеков', 'Мамыров', 'Жексенов', 'Бақтыбаев', 'Тасмағамбетов', 'Иманғалиев', 'Дүйсенов',
];
const RUSSIAN_MALE: MaleName[] = [
  ['Александр', 'Александрович', 'Александровна'], ['Сергей', 'Сергеевич', 'Сергеевна'], ['Андрей', 'Андреевич', 'Андреевна'],
  ['Дмитрий', 'Дмитриевич', 'Дмитриевна'], ['Алексей', 'Алексеевич', 'Алексеевна'], ['Владимир', 'Владимирович', 'Владимировна'],
  ['Николай', 'Николаевич', 'Николаевна'], ['Виктор', 'Викторович', 'Викторовна'], ['Иван', 'Иванович', 'Ивановна'],
  ['Михаил', 'Михайлович', 'Михайловна'], ['Евгений', 'Евгеньевич', 'Евгеньевна'], ['Юрий', 'Юрьевич', 'Юрьевна'],
  ['Олег', 'Олегович', 'Олеговна'], ['Павел', 'Павлович', 'Павловна'], ['Игорь', 'Игоревич', 'Игоревна'], ['Максим', 'Максимович', 'Максимовна'],
  ['Артём', 'Артёмович', 'Артёмовна'], ['Илья', 'Ильич', 'Ильинична'], ['Константин', 'Константинович', 'Константиновна'],
  ['Вячеслав', 'Вячеславович', 'Вячеславовна'], ['Геннадий', 'Геннадьевич', 'Геннадьевна'], ['Роман', 'Романович', 'Романовна'],
];
const RUSSIAN_FEMALE = [
  'Елена', 'Ольга', 'Татьяна', 'Наталья', 'Ирина', 'Светлана', 'Анна', 'Мария', 'Екатерина', 'Юлия', 'Галина', 'Людмила', 'Валентина',
  'Анастасия', 'Виктория', 'Дарья', 'Оксана', 'Марина', 'Алина', 'Полина', 'Ксения', 'Вера', 'Надежда', 'Любовь',
];
const RUSSIAN_SURNAME = [
  'Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Петров', 'Соколов', 'Михайлов', 'Новиков', 'Фёдоров', 'Морозов', 'Волков',
  'Алексеев', 'Лебедев', 'Семёнов', 'Егоров', 'Павлов', 'Козлов', 'Степанов', 'Николаев', 'Орлов', 'Андреев', 'Макаров', 'Никитин',
  'Захаров', 'Зайцев', 'Соловьёв', 'Борисов', 'Яковлев', 'Григорьев', 'Романов', 'Воробьёв', 'Сергеев', 'Кравцов', 'Белов',
];
const UKRAINIAN_SURNAME = ['Шевченко', 'Бондаренко', 'Коваленко', 'Ткаченко', 'Кравченко', 'Мельник', 'Бойко', 'Лысенко', 'Савченко', 'Руденко', 'Марченко', 'Гончаренко'];
const GERMAN_SURNAME = ['Шмидт', 'Миллер', 'Вебер', 'Шнайдер', 'Фишер', 'Беккер', 'Вагнер', 'Нойман', 'Гофман', 'Келлер', 'Франк', 'Циммерман'];
const KOREAN_SURNAME = ['Ким', 'Ли', 'Пак', 'Цой', 'Тен', 'Хан', 'Огай', 'Шин', 'Югай', 'Пен'];
const UZBEK_MALE = ['Рустам', 'Бахтиёр', 'Шерзод', 'Дилшод', 'Улугбек', 'Фарход', 'Жасур', 'Азиз', 'Тимур', 'Бобур', 'Отабек', 'Равшан'];
const UZBEK_FEMALE = ['Дилноза', 'Гулнора', 'Нигора', 'Шахноза', 'Малика', 'Зульфия', 'Феруза', 'Мунира', 'Лола', 'Севара'];
const UZBEK_SURNAME = ['Юсупов', 'Каримов', 'Рахимов', 'Алиев', 'Усманов', 'Абдуллаев', 'Исмоилов', 'Турсунов', 'Хасанов', 'Мирзаев'];
const UYGHUR_MALE = ['Алим', 'Дилшат', 'Ильхам', 'Ахмеджан', 'Шухрат', 'Абдурахман', 'Мурат', 'Нурахмет', 'Садык', 'Кахар'];
const UYGHUR_FEMALE = ['Мадина', 'Гульназ', 'Рахила', 'Дильназ', 'Гульмира', 'Айгуль', 'Зульфия', 'Назугум', 'Мукаддас'];
const UYGHUR_SURNAME = ['Исмаилов', 'Хамраев', 'Масимов', 'Ниязов', 'Мамутов', 'Сабитов', 'Кадыров', 'Тохтиев', 'Розиев'];
const TATAR_MALE = ['Ринат', 'Марат', 'Рустем', 'Ильдар', 'Айдар', 'Фарид', 'Тагир', 'Рамиль', 'Ильнур', 'Раис'];
const TATAR_FEMALE = ['Гульнара', 'Альфия', 'Лейсан', 'Алсу', 'Резеда', 'Гузель', 'Эльвира', 'Диляра', 'Венера'];
const TATAR_SURNAME = ['Сафин', 'Галиев', 'Хабибуллин', 'Валиев', 'Гарипов', 'Мухаметзянов', 'Закиров', 'Шарипов', 'Низамов', 'Ахмадуллин'];

const rusStyle = (name: string): MaleName => {
  if (/[йь]$/.test(name)) return [name, `${name.slice(0, -1)}евич`, `${name.slice(0, -1)}евна`];
  if (/[аяеиоуыэюё]$/i.test(name)) return [name, `${name}евич`, `${name}евна`];
  return [name, `${name}ович`, `${name}овна`];
};

export interface NameSet {
  male: MaleName[];
  female: string[];
  surnames: string[];
  /** Kazakh-style patronymics (-ұлы/-қызы) for everybody, or only for people born from this year on (else Russian style). */
  kazakhPatronymicFrom: number | null;
}

const kazakhMale = KAZAKH_MALE.map(rusStyle);

export const NAME_SETS: Record<Nationality, NameSet> = {
  kazakh: { male: kazakhMale, female: KAZAKH_FEMALE, surnames: KAZAKH_SURNAME, kazakhPatronymicFrom: 1975 },
  russian: { male: RUSSIAN_MALE, female: RUSSIAN_FEMALE, surnames: RUSSIAN_SURNAME, kazakhPatronymicFrom: null },
  ukrainian: { male: RUSSIAN_MALE, female: RUSSIAN_FEMALE, surnames: UKRAINIAN_SURNAME, kazakhPatronymicFrom: null },
  german: { male: RUSSIAN_MALE, female: RUSSIAN_FEMALE, surnames: GERMAN_SURNAME, kazakhPatronymicFrom: null },
  korean: { male: RUSSIAN_MALE, female: RUSSIAN_FEMALE, surnames: KOREAN_SURNAME, kazakhPatronymicFrom: null },
  uzbek: { male: UZBEK_MALE.map(rusStyle), female: UZBEK_FEMALE, surnames: UZBEK_SURNAME, kazakhPatronymicFrom: null },
  uyghur: { male: UYGHUR_MALE.map(rusStyle), female: UYGHUR_FEMALE, surnames: UYGHUR_SURNAME, kazakhPatronymicFrom: null },
  tatar: { male: TATAR_MALE.map(rusStyle), female: TATAR_FEMALE, surnames: TATAR_SURNAME, kazakhPatronymicFrom: null },
};

/** The surname in the given sex: Ахметов → Ахметова, Вишневский → Вишневская; Ким, Шевченко, Сейітқали unchanged. */
export function surnameFor(masculine: string, sex: 'M' | 'F'): string {
  if (sex === 'M') return masculine;
  if (/(ов|ев|ёв|ин|ын)$/.test(masculine)) return `${masculine}а`;
  if (/ий$/.test(masculine)) return `${masculine.slice(0, -2)}ая`;
  return masculine;
}

/** The masculine form of a surname (for a child of a mother whose surname it takes). */
export function masculineSurname(surname: string): string {
  if (/(ова|ева|ёва|ина|ына)$/.test(surname)) return surname.slice(0, -1);
  if (/ая$/.test(surname)) return `${surname.slice(0, -2)}ий`;
  return surname;
}

/** The patronymic a child gets from the father's given name. */
export function patronymicFor(father: MaleName, sex: 'M' | 'F', nationality: Nationality, birthYear: number): string {
  const from = NAME_SETS[nationality].kazakhPatronymicFrom;
  if (from !== null && birthYear >= from) return `${father[0]}${sex === 'M' ? 'ұлы' : 'қызы'}`;
  return sex === 'M' ? father[1] : father[2];
}

/** Look a male name up (to derive patronymics from a known father's name). */
export function maleNameEntry(given: string): MaleName {
  for (const set of Object.values(NAME_SETS)) {
    const m = set.male.find((x) => x[0] === given);
    if (m) return m;
  }
  return rusStyle(given);
}
