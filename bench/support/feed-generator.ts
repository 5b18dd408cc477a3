/**
 * Writes a synthetic but realistic Yandex Market YML feed: a three-level category tree of a
 * clothing and shoes warehouse, products with sizes as separate offers sharing `group_id`,
 * Russian names, colours and materials as params, HTML descriptions in CDATA and 2–4 pictures.
 *
 * @module
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createRandom, type Random } from './random.js';

/** Size scales offers are cut into; `one` is a one-size product (one offer without a size param). */
type SizeScale = 'women' | 'men' | 'women-shoes' | 'men-shoes' | 'kids' | 'kids-shoes' | 'letters' | 'one';

interface Leaf {
  name: string;
  /** Product kinds, as the start of the product name (agreeing with `gender` of adjectives). */
  kinds: Array<{ word: string; gender: 'f' | 'm' | 'n' | 'p' }>;
  sizes: SizeScale;
  /** Wholesale price range in roubles. */
  price: [number, number];
}

interface Branch {
  name: string;
  children: Array<Leaf | Branch>;
}

const f = (word: string) => ({ word, gender: 'f' as const });
const m = (word: string) => ({ word, gender: 'm' as const });
const n = (word: string) => ({ word, gender: 'n' as const });
const p = (word: string) => ({ word, gender: 'p' as const });

/** The warehouse's category tree. */
const tree: Branch[] = [
  {
    name: 'Женская одежда',
    children: [
      { name: 'Платья', kinds: [n('Платье'), n('Платье-рубашка'), n('Платье миди'), n('Платье макси')], sizes: 'women', price: [900, 4500] },
      { name: 'Юбки', kinds: [f('Юбка'), f('Юбка плиссе'), f('Юбка-карандаш')], sizes: 'women', price: [600, 2800] },
      { name: 'Блузки и рубашки', kinds: [f('Блузка'), f('Рубашка'), f('Туника')], sizes: 'women', price: [600, 2600] },
      { name: 'Джинсы', kinds: [p('Джинсы'), p('Джинсы мом'), p('Джинсы скинни')], sizes: 'women', price: [1200, 3900] },
      { name: 'Куртки и пальто', kinds: [f('Куртка'), n('Пальто'), m('Пуховик'), m('Тренч'), m('Плащ')], sizes: 'women', price: [2500, 12000] },
      { name: 'Свитеры и кардиганы', kinds: [m('Свитер'), m('Кардиган'), m('Джемпер'), f('Водолазка')], sizes: 'women', price: [900, 4200] },
      { name: 'Футболки и топы', kinds: [f('Футболка'), m('Топ'), f('Майка'), m('Лонгслив')], sizes: 'letters', price: [300, 1500] },
      { name: 'Брюки', kinds: [p('Брюки'), p('Брюки палаццо'), p('Леггинсы')], sizes: 'women', price: [900, 3500] },
    ],
  },
  {
    name: 'Мужская одежда',
    children: [
      { name: 'Футболки и поло', kinds: [f('Футболка'), n('Поло'), m('Лонгслив')], sizes: 'letters', price: [400, 1800] },
      { name: 'Рубашки', kinds: [f('Рубашка'), f('Рубашка оверсайз')], sizes: 'men', price: [900, 3200] },
      { name: 'Джинсы', kinds: [p('Джинсы'), p('Джинсы прямые'), p('Джинсы слим')], sizes: 'men', price: [1400, 4200] },
      { name: 'Брюки', kinds: [p('Брюки'), p('Брюки чинос'), p('Брюки карго')], sizes: 'men', price: [1100, 3800] },
      { name: 'Куртки и пальто', kinds: [f('Куртка'), m('Пуховик'), f('Парка'), m('Бомбер'), n('Пальто')], sizes: 'men', price: [3000, 14000] },
      { name: 'Свитеры и худи', kinds: [m('Свитер'), n('Худи'), m('Свитшот'), m('Джемпер')], sizes: 'letters', price: [1000, 4500] },
      { name: 'Костюмы', kinds: [m('Костюм'), m('Пиджак'), m('Жилет')], sizes: 'men', price: [4000, 16000] },
    ],
  },
  {
    name: 'Обувь',
    children: [
      {
        name: 'Женская обувь',
        children: [
          { name: 'Кеды и кроссовки', kinds: [p('Кеды'), p('Кроссовки'), p('Слипоны')], sizes: 'women-shoes', price: [1200, 5500] },
          { name: 'Туфли', kinds: [p('Туфли'), p('Лоферы'), p('Балетки'), p('Мюли')], sizes: 'women-shoes', price: [1500, 6000] },
          { name: 'Ботинки', kinds: [p('Ботинки'), p('Челси'), p('Ботильоны')], sizes: 'women-shoes', price: [2500, 8000] },
          { name: 'Сапоги', kinds: [p('Сапоги'), p('Ботфорты'), p('Угги')], sizes: 'women-shoes', price: [3500, 11000] },
          { name: 'Босоножки', kinds: [p('Босоножки'), p('Сандалии'), p('Шлёпанцы')], sizes: 'women-shoes', price: [900, 4000] },
        ],
      },
      {
        name: 'Мужская обувь',
        children: [
          { name: 'Кеды и кроссовки', kinds: [p('Кеды'), p('Кроссовки'), p('Кроссовки беговые')], sizes: 'men-shoes', price: [1500, 6500] },
          { name: 'Ботинки', kinds: [p('Ботинки'), p('Челси'), p('Берцы'), p('Дезерты')], sizes: 'men-shoes', price: [3000, 9000] },
          { name: 'Туфли', kinds: [p('Туфли'), p('Оксфорды'), p('Лоферы'), p('Мокасины')], sizes: 'men-shoes', price: [2500, 8500] },
          { name: 'Сандалии', kinds: [p('Сандалии'), p('Шлёпанцы'), p('Сланцы')], sizes: 'men-shoes', price: [700, 3500] },
        ],
      },
      { name: 'Детская обувь', kinds: [p('Кеды детские'), p('Кроссовки детские'), p('Ботинки детские'), p('Сапоги детские')], sizes: 'kids-shoes', price: [900, 4500] },
    ],
  },
  {
    name: 'Аксессуары',
    children: [
      { name: 'Сумки', kinds: [f('Сумка'), f('Сумка-шопер'), m('Клатч'), f('Сумка через плечо')], sizes: 'one', price: [800, 6000] },
      { name: 'Рюкзаки', kinds: [m('Рюкзак'), m('Рюкзак городской')], sizes: 'one', price: [900, 4500] },
      { name: 'Ремни', kinds: [m('Ремень'), m('Пояс')], sizes: 'one', price: [400, 2500] },
      { name: 'Шапки', kinds: [f('Шапка'), f('Шапка-бини'), f('Панама'), f('Кепка')], sizes: 'one', price: [300, 1800] },
      { name: 'Шарфы и платки', kinds: [m('Шарф'), m('Платок'), m('Снуд')], sizes: 'one', price: [300, 2200] },
      { name: 'Перчатки', kinds: [p('Перчатки'), p('Варежки')], sizes: 'letters', price: [300, 2000] },
      { name: 'Очки', kinds: [p('Очки солнцезащитные')], sizes: 'one', price: [400, 3000] },
    ],
  },
  {
    name: 'Детям',
    children: [
      { name: 'Одежда для девочек', kinds: [n('Платье детское'), f('Юбка детская'), m('Комбинезон детский'), f('Куртка детская')], sizes: 'kids', price: [500, 4000] },
      { name: 'Одежда для мальчиков', kinds: [m('Костюм детский'), p('Брюки детские'), f('Куртка детская'), f('Футболка детская')], sizes: 'kids', price: [400, 4200] },
      { name: 'Для малышей', kinds: [n('Боди'), m('Комбинезон'), m('Слип'), m('Комплект для малыша')], sizes: 'kids', price: [300, 2500] },
    ],
  },
  {
    name: 'Спорт',
    children: [
      { name: 'Спортивные костюмы', kinds: [m('Костюм спортивный'), p('Брюки спортивные'), f('Олимпийка')], sizes: 'letters', price: [1500, 6000] },
      { name: 'Одежда для фитнеса', kinds: [p('Леггинсы спортивные'), m('Топ спортивный'), p('Шорты спортивные')], sizes: 'letters', price: [600, 2800] },
      { name: 'Купальники', kinds: [m('Купальник'), m('Купальник слитный'), p('Плавки')], sizes: 'women', price: [900, 3500] },
    ],
  },
  {
    name: 'Дом',
    children: [
      { name: 'Постельное бельё', kinds: [m('Комплект постельного белья'), f('Простыня'), m('Пододеяльник')], sizes: 'one', price: [900, 5500] },
      { name: 'Полотенца', kinds: [n('Полотенце'), m('Набор полотенец')], sizes: 'one', price: [300, 2000] },
      { name: 'Домашняя одежда', kinds: [f('Пижама'), m('Халат'), p('Тапочки')], sizes: 'letters', price: [600, 3500] },
    ],
  },
];

const scales: Record<SizeScale, string[]> = {
  women: ['40', '42', '44', '46', '48', '50', '52', '54'],
  men: ['44', '46', '48', '50', '52', '54', '56', '58'],
  'women-shoes': ['35', '36', '37', '38', '39', '40', '41'],
  'men-shoes': ['39', '40', '41', '42', '43', '44', '45', '46'],
  kids: ['86', '92', '98', '104', '110', '116', '122', '128', '134', '140'],
  'kids-shoes': ['24', '25', '26', '27', '28', '29', '30', '31', '32'],
  letters: ['XS', 'S', 'M', 'L', 'XL', 'XXL'],
  one: [],
};

/** Adjectives in four forms: feminine, masculine, neuter, plural. */
const adjectives: Array<[string, string, string, string]> = [
  ['зимняя', 'зимний', 'зимнее', 'зимние'],
  ['летняя', 'летний', 'летнее', 'летние'],
  ['демисезонная', 'демисезонный', 'демисезонное', 'демисезонные'],
  ['кожаная', 'кожаный', 'кожаное', 'кожаные'],
  ['замшевая', 'замшевый', 'замшевое', 'замшевые'],
  ['вязаная', 'вязаный', 'вязаное', 'вязаные'],
  ['льняная', 'льняной', 'льняное', 'льняные'],
  ['хлопковая', 'хлопковый', 'хлопковое', 'хлопковые'],
  ['классическая', 'классический', 'классическое', 'классические'],
  ['базовая', 'базовый', 'базовое', 'базовые'],
  ['утеплённая', 'утеплённый', 'утеплённое', 'утеплённые'],
  ['стёганая', 'стёганый', 'стёганое', 'стёганые'],
  ['повседневная', 'повседневный', 'повседневное', 'повседневные'],
  ['нарядная', 'нарядный', 'нарядное', 'нарядные'],
  ['оверсайз', 'оверсайз', 'оверсайз', 'оверсайз'],
  ['приталенная', 'приталенный', 'приталенное', 'приталенные'],
];

const colours = ['Белый', 'Чёрный', 'Красный', 'Синий', 'Голубой', 'Зелёный', 'Бежевый', 'Серый', 'Розовый', 'Бордовый', 'Коричневый', 'Жёлтый', 'Хаки', 'Молочный', 'Графитовый', 'Оливковый'];
const materials = ['Хлопок', 'Лён', 'Шерсть', 'Вискоза', 'Полиэстер', 'Натуральная кожа', 'Экокожа', 'Замша', 'Трикотаж', 'Деним', 'Нейлон', 'Кашемир'];
const seasons = ['Зима', 'Лето', 'Демисезон', 'Всесезон'];
const models = ['Аврора', 'Вега', 'Север', 'Лада', 'Ника', 'Орион', 'Альта', 'Милана', 'Тайга', 'Бриз', 'Сканди', 'Ривьера', 'Соната', 'Мирра', 'Грация', 'Полюс', 'Эльбрус', 'Каспий', 'Нева', 'Ирида', 'Фиеста', 'Кадет', 'Вектор', 'Луна', 'Сити', 'Марс', 'Селена', 'Дюна', 'Ладога', 'Байкал'];
const vendors = ['Сарафан', 'Северный стиль', 'UrbanLine', 'Mirra', 'Taiga Wear', 'Nord', 'Vega Shoes', 'Lada Home', 'Kids Joy', 'SportMax', 'Bright', 'Flex'];
const sentences = [
  'Удобная посадка и аккуратные швы.',
  'Подходит для города и поездок.',
  'Материал приятный к телу и не мнётся.',
  'Сочетается с базовым гардеробом.',
  'Легко стирается в деликатном режиме при 30 °C.',
  'Модель соответствует российской размерной сетке.',
  'Фурнитура не темнеет и не ржавеет.',
  'Сезонная новинка нашей коллекции.',
  'Держит форму после многих стирок.',
  'Прочная подошва с противоскользящим протектором.',
  'Утеплитель сохраняет тепло до −25 °C.',
  'Дышащий материал для жаркой погоды.',
];

/** What was generated: the feed's totals. */
export interface GeneratedFeed {
  path: string;
  bytes: number;
  offers: number;
  products: number;
  categories: number;
}

interface CategoryRow {
  id: number;
  parentId?: number;
  name: string;
  leaf?: Leaf;
}

function flatten(branches: Array<Leaf | Branch>, parentId: number | undefined, out: CategoryRow[]): void {
  for (const node of branches) {
    const id = out.length + 1;
    out.push({ id, parentId, name: node.name, leaf: 'kinds' in node ? node : undefined });
    if ('children' in node) flatten(node.children, id, out);
  }
}

const escapeXml = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

function description(rnd: Random, name: string, material: string): string {
  const picked = new Set<string>();
  while (picked.size < 3) picked.add(rnd.pick(sentences));
  return `<p>${name} — ${material.toLowerCase()}.</p><p>${[...picked].join(' ')}</p><ul><li>Состав: ${material.toLowerCase()}</li><li>Страна: Россия</li></ul>`;
}

/**
 * Writes a feed of exactly `offers` offers (one per size; one-size products have one) to `path`,
 * deterministic for a given `seed`.
 */
export async function writeFeed(path: string, offers = 100_000, seed = 20_240_601): Promise<GeneratedFeed> {
  const rnd = createRandom(seed);
  const categories: CategoryRow[] = [];
  flatten(tree, undefined, categories);
  const leaves = categories.filter((c) => c.leaf);
  const out = createWriteStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  let buffer = '';
  let bytes = 0;
  const write = async (text: string) => {
    buffer += text;
    if (buffer.length < 1 << 18) return;
    bytes += Buffer.byteLength(buffer);
    if (!out.write(buffer)) await once(out, 'drain');
    buffer = '';
  };

  await write('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE yml_catalog SYSTEM "shops.dtd">\n<yml_catalog date="2026-06-01 10:00">\n<shop>\n');
  await write('<name>Склад «Северный»</name>\n<company>ООО «Северный склад»</company>\n<url>https://sklad.example.com</url>\n');
  await write('<currencies><currency id="RUR" rate="1"/></currencies>\n<categories>\n');
  for (const c of categories) {
    await write(`<category id="${c.id}"${c.parentId ? ` parentId="${c.parentId}"` : ''}>${escapeXml(c.name)}</category>\n`);
  }
  await write('</categories>\n<offers>\n');

  let written = 0;
  let products = 0;
  while (written < offers) {
    const category = rnd.pick(leaves);
    const leaf = category.leaf!;
    const kind = rnd.pick(leaf.kinds);
    const forms = rnd.pick(adjectives);
    const adjective = forms[{ f: 0, m: 1, n: 2, p: 3 }[kind.gender]];
    const model = rnd.pick(models);
    const colour = rnd.pick(colours);
    const material = rnd.pick(materials);
    const vendor = rnd.pick(vendors);
    const name = `${kind.word} ${adjective} «${model}» ${colour.toLowerCase()}`;
    const group = `G${100000 + products}`;
    const price = rnd.int(leaf.price[0], leaf.price[1]) * 100 - 10;
    const oldPrice = rnd.chance(0.3) ? Math.round(price * (1.2 + rnd.next() * 0.5)) : undefined;
    const pictures = Array.from({ length: rnd.int(2, 4) }, (_, i) => `https://cdn.sklad.example.com/img/${group}-${i + 1}.jpg`);
    const scale = scales[leaf.sizes];
    // A contiguous run of the scale, as suppliers stock them; the last product is cut to the total.
    let sizes: Array<string | undefined> = [undefined];
    if (scale.length > 0) {
      const count = Math.min(scale.length, rnd.int(3, 7));
      const from = rnd.int(0, scale.length - count);
      sizes = scale.slice(from, from + count);
    }
    sizes = sizes.slice(0, offers - written);
    // CDATA: the HTML goes in as written, like suppliers send it.
    const text = description(rnd, name, material);
    for (const size of sizes) {
      const available = rnd.chance(0.92);
      const count = available ? rnd.int(0, 15) : 0;
      const id = size ? `${group}-${size}` : group;
      await write(
        `<offer id="${id}"${size ? ` group_id="${group}"` : ''} available="${available}">` +
          `<url>https://sklad.example.com/p/${group}</url>` +
          `<price>${(price / 100).toFixed(2)}</price>` +
          (oldPrice ? `<oldprice>${(oldPrice / 100).toFixed(2)}</oldprice>` : '') +
          `<currencyId>RUR</currencyId><categoryId>${category.id}</categoryId>` +
          pictures.map((u) => `<picture>${u}</picture>`).join('') +
          `<name>${escapeXml(name)}</name><vendor>${escapeXml(vendor)}</vendor><model>${escapeXml(model)}</model>` +
          `<description><![CDATA[${text}]]></description>` +
          `<param name="Цвет">${colour}</param><param name="Материал">${material}</param><param name="Сезон">${rnd.pick(seasons)}</param>` +
          (size ? `<param name="Размер" unit="RU">${size}</param>` : '') +
          `<count>${count}</count></offer>\n`,
      );
      written++;
    }
    products++;
  }
  await write('</offers>\n</shop>\n</yml_catalog>\n');
  bytes += Buffer.byteLength(buffer);
  out.end(buffer);
  await once(out, 'finish');
  return { path, bytes, offers: written, products, categories: categories.length };
}
