/**
 * Name material for generated demo experts, per member state: given names and
 * surnames as [Latin transliteration, native-script form]. The Latin form is
 * always the profile's full name; the native form becomes a name variant in
 * the script researchers of that country plausibly publish in:
 * Persian script (IR, AF), Urdu (PK), Cyrillic (KZ, KG, TJ, UZ, TM, and the
 * Russian form for AZ). Türkiye writes Latin Turkish; its variant is the
 * ASCII spelling many Turkish authors use in international venues.
 *
 * Common names only, combined at random: any match with a real person is
 * coincidence, and every generated row is marked `is_demo`.
 */

export type Pair = readonly [latin: string, native: string];

export interface CountryNames {
  /** How the native variant is written; "ascii" = Latin without diacritics. */
  variant: "persian" | "urdu" | "cyrillic" | "ascii";
  /** Share of experts who get the native-script variant. */
  variantShare: number;
  male: readonly Pair[];
  female: readonly Pair[];
  surnames: readonly Pair[];
  /** Surnames inflect for women (-ov → -ova, -ов → -ова). */
  gendered: boolean;
  /** Languages: the national one(s) first, then extra ones with their probabilities. */
  languages: readonly string[];
  extraLanguages: ReadonlyArray<readonly [code: string, p: number]>;
}

export const DEMO_NAMES: Record<string, CountryNames> = {
  IR: {
    variant: "persian",
    variantShare: 0.9,
    gendered: false,
    languages: ["fa"],
    extraLanguages: [["en", 0.92], ["ar", 0.1], ["fr", 0.06], ["de", 0.06]],
    male: [
      ["Mohammad", "محمد"], ["Ali", "علی"], ["Reza", "رضا"], ["Hossein", "حسین"], ["Mehdi", "مهدی"], ["Amir", "امیر"],
      ["Hamid", "حمید"], ["Saeed", "سعید"], ["Majid", "مجید"], ["Behnam", "بهنام"], ["Kaveh", "کاوه"], ["Arash", "آرش"],
      ["Babak", "بابک"], ["Farhad", "فرهاد"], ["Peyman", "پیمان"], ["Masoud", "مسعود"],
    ],
    female: [
      ["Fatemeh", "فاطمه"], ["Zahra", "زهرا"], ["Maryam", "مریم"], ["Sara", "سارا"], ["Narges", "نرگس"], ["Leila", "لیلا"],
      ["Parisa", "پریسا"], ["Niloufar", "نیلوفر"], ["Shirin", "شیرین"], ["Mahsa", "مهسا"], ["Elham", "الهام"], ["Somayeh", "سمیه"],
      ["Azadeh", "آزاده"], ["Roya", "رویا"],
    ],
    surnames: [
      ["Rezaei", "رضایی"], ["Mohammadi", "محمدی"], ["Hosseini", "حسینی"], ["Ahmadi", "احمدی"], ["Karimi", "کریمی"],
      ["Jafari", "جعفری"], ["Moradi", "مرادی"], ["Hashemi", "هاشمی"], ["Ghasemi", "قاسمی"], ["Sadeghi", "صادقی"],
      ["Rahimi", "رحیمی"], ["Kazemi", "کاظمی"], ["Tehrani", "تهرانی"], ["Najafi", "نجفی"], ["Shirazi", "شیرازی"],
      ["Mousavi", "موسوی"], ["Akbari", "اکبری"], ["Heidari", "حیدری"], ["Ebrahimi", "ابراهیمی"], ["Nikpour", "نیک\u200Cپور"],
      ["Farahani", "فراهانی"], ["Zamani", "زمانی"], ["Bagheri", "باقری"], ["Asadi", "اسدی"],
    ],
  },
  AF: {
    variant: "persian",
    variantShare: 0.85,
    gendered: false,
    languages: ["fa"],
    extraLanguages: [["ps", 0.6], ["en", 0.85], ["ur", 0.08]],
    male: [
      ["Ahmad", "احمد"], ["Mohammad", "محمد"], ["Farid", "فرید"], ["Najib", "نجیب"], ["Habib", "حبیب"], ["Wahid", "وحید"],
      ["Jawad", "جواد"], ["Nasir", "نصیر"], ["Hamid", "حمید"], ["Zabihullah", "ذبیح\u200Cالله"], ["Rahmatullah", "رحمت\u200Cالله"],
      ["Mirwais", "میرویس"], ["Shafiq", "شفیق"], ["Sohail", "سهیل"],
    ],
    female: [
      ["Zarghuna", "زرغونه"], ["Mursal", "مرسل"], ["Shabnam", "شبنم"], ["Hamida", "حمیده"], ["Freshta", "فرشته"],
      ["Mariam", "مریم"], ["Nazifa", "نظیفه"], ["Roya", "رویا"], ["Latifa", "لطیفه"], ["Malalai", "ملالی"],
    ],
    surnames: [
      ["Ahmadzai", "احمدزی"], ["Popal", "پوپل"], ["Stanikzai", "ستانکزی"], ["Safi", "صافی"], ["Noori", "نوری"],
      ["Rahimi", "رحیمی"], ["Haidari", "حیدری"], ["Sultani", "سلطانی"], ["Amiri", "امیری"], ["Hakimi", "حکیمی"],
      ["Wardak", "وردک"], ["Barakzai", "بارکزی"], ["Yousufzai", "یوسفزی"], ["Sadat", "سادات"], ["Nazari", "نظری"],
      ["Kohistani", "کوهستانی"], ["Hotak", "هوتک"],
    ],
  },
  PK: {
    variant: "urdu",
    variantShare: 0.65,
    gendered: false,
    languages: ["ur"],
    extraLanguages: [["en", 0.97], ["pa", 0.3], ["ps", 0.08], ["sd", 0.05]],
    male: [
      ["Muhammad", "محمد"], ["Ali", "علی"], ["Ahmed", "احمد"], ["Usman", "عثمان"], ["Bilal", "بلال"], ["Hassan", "حسن"],
      ["Imran", "عمران"], ["Kamran", "کامران"], ["Faisal", "فیصل"], ["Asad", "اسد"], ["Waqas", "وقاص"], ["Adnan", "عدنان"],
      ["Tariq", "طارق"], ["Junaid", "جنید"], ["Shahid", "شاہد"],
    ],
    female: [
      ["Ayesha", "عائشہ"], ["Fatima", "فاطمہ"], ["Sana", "ثناء"], ["Hina", "حنا"], ["Saima", "صائمہ"], ["Zainab", "زینب"],
      ["Amna", "آمنہ"], ["Mehwish", "مہوش"], ["Rabia", "رابعہ"], ["Nadia", "نادیہ"], ["Sadia", "سعدیہ"], ["Maryam", "مریم"],
    ],
    surnames: [
      ["Khan", "خان"], ["Malik", "ملک"], ["Qureshi", "قریشی"], ["Siddiqui", "صدیقی"], ["Chaudhry", "چوہدری"], ["Butt", "بٹ"],
      ["Sheikh", "شیخ"], ["Raza", "رضا"], ["Hussain", "حسین"], ["Iqbal", "اقبال"], ["Javed", "جاوید"], ["Akhtar", "اختر"],
      ["Baig", "بیگ"], ["Mirza", "مرزا"], ["Abbasi", "عباسی"], ["Awan", "اعوان"], ["Rana", "رانا"], ["Jamil", "جمیل"],
    ],
  },
  TR: {
    variant: "ascii",
    variantShare: 0.5,
    gendered: false,
    languages: ["tr"],
    extraLanguages: [["en", 0.95], ["de", 0.15], ["fr", 0.05], ["az", 0.04]],
    male: [
      ["Mehmet", ""], ["Ahmet", ""], ["Mustafa", ""], ["Emre", ""], ["Burak", ""], ["Can", ""], ["Oğuz", ""], ["İsmail", ""],
      ["Hakan", ""], ["Serkan", ""], ["Kemal", ""], ["Murat", ""], ["Tolga", ""], ["Barış", ""], ["Uğur", ""], ["Ömer", ""],
    ],
    female: [
      ["Ayşe", ""], ["Fatma", ""], ["Zeynep", ""], ["Elif", ""], ["Gül", ""], ["Şule", ""], ["Özge", ""], ["Büşra", ""],
      ["Selin", ""], ["Derya", ""], ["Esra", ""], ["Merve", ""], ["İrem", ""], ["Ebru", ""],
    ],
    surnames: [
      ["Yılmaz", ""], ["Kaya", ""], ["Demir", ""], ["Şahin", ""], ["Çelik", ""], ["Yıldız", ""], ["Yıldırım", ""],
      ["Öztürk", ""], ["Aydın", ""], ["Özdemir", ""], ["Arslan", ""], ["Doğan", ""], ["Kılıç", ""], ["Aslan", ""],
      ["Çetin", ""], ["Kara", ""], ["Koç", ""], ["Kurt", ""], ["Özkan", ""], ["Şimşek", ""], ["Güneş", ""], ["Aksoy", ""],
      ["Polat", ""], ["Ekinci", ""],
    ],
  },
  AZ: {
    variant: "cyrillic",
    variantShare: 0.5,
    gendered: true,
    languages: ["az"],
    extraLanguages: [["ru", 0.75], ["en", 0.85], ["tr", 0.4]],
    male: [
      ["Elçin", "Эльчин"], ["Rəşad", "Рашад"], ["Tural", "Турал"], ["Orxan", "Орхан"], ["Kamran", "Камран"], ["Elnur", "Эльнур"],
      ["Vüqar", "Вугар"], ["Ramil", "Рамиль"], ["Fərid", "Фарид"], ["Anar", "Анар"], ["Nicat", "Ниджат"], ["Samir", "Самир"],
    ],
    female: [
      ["Aysel", "Айсель"], ["Günay", "Гюнай"], ["Leyla", "Лейла"], ["Nigar", "Нигяр"], ["Səbinə", "Сабина"], ["Könül", "Кёнюль"],
      ["Aynur", "Айнур"], ["Lalə", "Лала"], ["Nərmin", "Нармин"], ["Ülviyyə", "Ульвия"],
    ],
    surnames: [
      ["Məmmədov", "Мамедов"], ["Əliyev", "Алиев"], ["Hüseynov", "Гусейнов"], ["Həsənov", "Гасанов"], ["Quliyev", "Кулиев"],
      ["İsmayılov", "Исмаилов"], ["Abbasov", "Аббасов"], ["Rzayev", "Рзаев"], ["Kərimov", "Керимов"], ["Nəsirov", "Насиров"],
      ["Cəfərov", "Джафаров"], ["Bağırov", "Багиров"], ["Süleymanov", "Сулейманов"], ["Əhmədov", "Ахмедов"],
    ],
  },
  KZ: {
    variant: "cyrillic",
    variantShare: 0.85,
    gendered: true,
    languages: ["kk"],
    extraLanguages: [["ru", 0.95], ["en", 0.85], ["tr", 0.05]],
    male: [
      ["Nurlan", "Нұрлан"], ["Yerzhan", "Ержан"], ["Askar", "Асқар"], ["Daniyar", "Данияр"], ["Serik", "Серік"], ["Timur", "Тимур"],
      ["Aidos", "Айдос"], ["Arman", "Арман"], ["Marat", "Марат"], ["Bauyrzhan", "Бауыржан"], ["Yerlan", "Ерлан"], ["Kanat", "Қанат"],
    ],
    female: [
      ["Aigerim", "Әйгерім"], ["Dana", "Дана"], ["Gulnara", "Гүлнара"], ["Saule", "Сәуле"], ["Zhanna", "Жанна"], ["Madina", "Мадина"],
      ["Assel", "Әсел"], ["Aizhan", "Айжан"], ["Dinara", "Динара"], ["Kamila", "Камила"],
    ],
    surnames: [
      ["Suleimenov", "Сүлейменов"], ["Akhmetov", "Ахметов"], ["Bekov", "Беков"], ["Zhumabayev", "Жұмабаев"], ["Omarov", "Омаров"],
      ["Iskakov", "Ысқақов"], ["Kassymov", "Қасымов"], ["Sarsenov", "Сәрсенов"], ["Nurpeisov", "Нұрпейісов"],
      ["Kenzhebayev", "Кенжебаев"], ["Dauletov", "Дәулетов"], ["Abdrakhmanov", "Әбдірахманов"], ["Mukhamediyev", "Мұхамедиев"],
      ["Tulegenov", "Төлегенов"], ["Baimukhanov", "Баймұханов"],
    ],
  },
  KG: {
    variant: "cyrillic",
    variantShare: 0.85,
    gendered: true,
    languages: ["ky"],
    extraLanguages: [["ru", 0.95], ["en", 0.75], ["tr", 0.1]],
    male: [
      ["Azamat", "Азамат"], ["Bakyt", "Бакыт"], ["Nurbek", "Нурбек"], ["Kubanychbek", "Кубанычбек"], ["Emil", "Эмиль"], ["Ulan", "Улан"],
      ["Talant", "Талант"], ["Almaz", "Алмаз"], ["Mirlan", "Мирлан"], ["Ermek", "Эрмек"],
    ],
    female: [
      ["Ainura", "Айнура"], ["Cholpon", "Чолпон"], ["Gulzat", "Гулзат"], ["Aizhan", "Айжан"], ["Nazgul", "Назгүл"], ["Meerim", "Мээрим"],
      ["Aida", "Аида"], ["Zhyldyz", "Жылдыз"], ["Begimai", "Бегимай"],
    ],
    surnames: [
      ["Toktogulov", "Токтогулов"], ["Asanov", "Асанов"], ["Usenov", "Усенов"], ["Sadyrov", "Садыров"], ["Mamatov", "Маматов"],
      ["Abdyldaev", "Абдылдаев"], ["Zhumaliev", "Жумалиев"], ["Osmonov", "Осмонов"], ["Bekbolotov", "Бекболотов"],
      ["Sydykov", "Сыдыков"], ["Kadyrov", "Кадыров"], ["Isakov", "Исаков"], ["Dzhumabekov", "Джумабеков"],
    ],
  },
  TJ: {
    variant: "cyrillic",
    variantShare: 0.9,
    gendered: true,
    languages: ["tg"],
    extraLanguages: [["ru", 0.9], ["en", 0.7], ["fa", 0.4]],
    male: [
      ["Farrukh", "Фаррух"], ["Firdavs", "Фирдавс"], ["Rustam", "Рустам"], ["Daler", "Далер"], ["Bahodur", "Баҳодур"],
      ["Sherzod", "Шерзод"], ["Jamshed", "Ҷамшед"], ["Manuchehr", "Манучеҳр"], ["Umed", "Умед"], ["Parviz", "Парвиз"],
      ["Khurshed", "Хуршед"],
    ],
    female: [
      ["Nigina", "Нигина"], ["Zarina", "Зарина"], ["Mehrangez", "Меҳрангез"], ["Shahnoza", "Шаҳноза"], ["Firuza", "Фирӯза"],
      ["Dilnoza", "Дилноза"], ["Tahmina", "Таҳмина"], ["Gulnora", "Гулнора"], ["Madina", "Мадина"],
    ],
    surnames: [
      ["Rahimov", "Раҳимов"], ["Nazarov", "Назаров"], ["Saidov", "Саидов"], ["Karimov", "Каримов"], ["Sharipov", "Шарипов"],
      ["Mirzoev", "Мирзоев"], ["Davlatov", "Давлатов"], ["Safarov", "Сафаров"], ["Qodirov", "Қодиров"], ["Rajabov", "Раҷабов"],
      ["Haydarov", "Ҳайдаров"], ["Sultonov", "Султонов"], ["Rahimzoda", "Раҳимзода"], ["Saidzoda", "Саидзода"], ["Nazarzoda", "Назарзода"],
    ],
  },
  TM: {
    variant: "cyrillic",
    variantShare: 0.6,
    gendered: true,
    languages: ["tk"],
    extraLanguages: [["ru", 0.85], ["en", 0.7], ["tr", 0.2]],
    male: [
      ["Myrat", "Мырат"], ["Döwlet", "Довлет"], ["Serdar", "Сердар"], ["Batyr", "Батыр"], ["Maksat", "Максат"], ["Merdan", "Мердан"],
      ["Rustam", "Рустам"], ["Kerim", "Керим"], ["Begenç", "Бегенч"], ["Atajan", "Атаджан"],
    ],
    female: [
      ["Aýna", "Айна"], ["Jeren", "Джерен"], ["Maýsa", "Майса"], ["Gözel", "Гозель"], ["Bägül", "Бягуль"], ["Leýli", "Лейли"],
      ["Ogulgerek", "Огульгерек"], ["Aýgül", "Айгуль"],
    ],
    surnames: [
      ["Annaýew", "Аннаев"], ["Orazow", "Оразов"], ["Hojaýew", "Ходжаев"], ["Ataýew", "Атаев"], ["Gurbanow", "Гурбанов"],
      ["Saparow", "Сапаров"], ["Amanow", "Аманов"], ["Çaryýew", "Чарыев"], ["Meredow", "Мередов"], ["Öwezow", "Овезов"],
      ["Nurmuhammedow", "Нурмухаммедов"], ["Baýramow", "Байрамов"],
    ],
  },
  UZ: {
    variant: "cyrillic",
    variantShare: 0.6,
    gendered: true,
    languages: ["uz"],
    extraLanguages: [["ru", 0.85], ["en", 0.85], ["tr", 0.1], ["de", 0.05]],
    male: [
      ["Dilshod", "Дилшод"], ["Jasur", "Жасур"], ["Sardor", "Сардор"], ["Otabek", "Отабек"], ["Bekzod", "Бекзод"], ["Rustam", "Рустам"],
      ["Jahongir", "Жаҳонгир"], ["Aziz", "Азиз"], ["Sherzod", "Шерзод"], ["Ulugʻbek", "Улуғбек"], ["Akmal", "Акмал"], ["Farhod", "Фарҳод"],
    ],
    female: [
      ["Nodira", "Нодира"], ["Dilnoza", "Дилноза"], ["Gulnoza", "Гулноза"], ["Malika", "Малика"], ["Shahlo", "Шаҳло"], ["Feruza", "Феруза"],
      ["Madina", "Мадина"], ["Zilola", "Зилола"], ["Nilufar", "Нилуфар"], ["Kamola", "Камола"],
    ],
    surnames: [
      ["Karimov", "Каримов"], ["Yusupov", "Юсупов"], ["Rahimov", "Раҳимов"], ["Abdullayev", "Абдуллаев"], ["Ismoilov", "Исмоилов"],
      ["Xolmatov", "Холматов"], ["Tursunov", "Турсунов"], ["Nazarov", "Назаров"], ["Mirzayev", "Мирзаев"], ["Sobirov", "Собиров"],
      ["Qodirov", "Қодиров"], ["Usmonov", "Усмонов"], ["Ergashev", "Эргашев"], ["Toshmatov", "Тошматов"],
    ],
  },
};

/** The feminine form of a gendered (Slavic-pattern) surname; others unchanged. */
export function feminine([latin, native]: Pair): Pair {
  const f = (s: string, endings: RegExp, add: string) => (endings.test(s) ? s + add : s);
  return [f(latin, /(ov|ev|ow|ew|in)$/, "a"), f(native, /(ов|ев|ин)$/, "а")];
}

const ASCII_MAP: Record<string, string> = { ı: "i", ə: "e", Ə: "E", ʻ: "", "'": "" };

/** Latin text without diacritics or Turkish/Azerbaijani special letters: "Şule Yıldırım" → "Sule Yildirim". */
export function asciiFold(s: string): string {
  return s
    .replace(/[ıəƏʻ']/g, (c) => ASCII_MAP[c] ?? c)
    .normalize("NFD")
    .replace(/\p{M}/gu, "");
}
