/**
 * What buyers type into the search: twenty realistic Russian queries, from one word to a
 * phrase with a size, in lower and mixed case, with and without ё.
 *
 * @module
 */

import type { Random } from './random.js';

/** The benchmark's search queries: the twenty most common ones. */
export const searchQueries: readonly string[] = [
  'кеды',
  'платье красное',
  'куртка зимняя 48',
  'кроссовки белые',
  'джинсы',
  'пуховик',
  'сумка кожаная',
  'Ботинки Челси',
  'юбка плиссе',
  'свитер вязаный',
  'рюкзак городской',
  'пальто бежевое',
  'футболка хлопок',
  'шапка',
  'платье льняное летнее',
  'сапоги замшевые чёрные',
  'худи оверсайз',
  'костюм спортивный серый',
  'детские кроссовки',
  'пижама',
];

// The long tail: what else buyers type, a kind of thing and one more word (a colour, a cut, a
// material, a size, a model or a brand from the catalog), in the lower case people type in.
const kinds = ['платье', 'юбка', 'блузка', 'рубашка', 'джинсы', 'куртка', 'пальто', 'пуховик', 'тренч', 'свитер', 'кардиган', 'водолазка', 'футболка', 'лонгслив', 'брюки', 'худи', 'свитшот', 'костюм', 'пиджак', 'кроссовки', 'кеды', 'ботинки', 'сапоги', 'туфли', 'босоножки', 'сумка', 'рюкзак', 'шапка', 'шарф', 'ремень'];
const words = [
  'белый', 'чёрный', 'красная', 'синие', 'голубое', 'зелёный', 'бежевая', 'серые', 'розовое', 'бордовый', 'коричневые', 'жёлтая', 'хаки', 'молочный', 'графитовый', 'оливковая',
  'зимний', 'летнее', 'демисезонные', 'кожаная', 'замшевые', 'вязаный', 'льняное', 'хлопковая', 'классические', 'базовая', 'утеплённый', 'стёганая', 'нарядное', 'оверсайз', 'приталенное',
  'хлопок', 'лён', 'шерсть', 'вискоза', 'экокожа', 'трикотаж', 'деним', 'кашемир',
  '42', '44', '46', '48', '50', '38', '39', '40', 'm', 'xl',
  'аврора', 'вега', 'север', 'орион', 'тайга', 'бриз', 'сканди', 'байкал', 'nord', 'urbanline',
];

/**
 * What buyers type into the search, most common first: the twenty above, then every kind of
 * thing with one more word (1,770 more), as a shop's search log looks.
 */
export const buyerQueries: readonly string[] = [...searchQueries, ...kinds.flatMap((kind) => words.map((word) => `${kind} ${word}`))];

/**
 * Picks what one buyer types: query number r (from 1) comes with probability ∝ 1/r (Zipf's law,
 * as search logs follow), so about two in five searches are one of the twenty common queries and
 * the rest spread over the tail, most of them typed only a few times in a run.
 */
export function createQueryPicker(queries: readonly string[] = buyerQueries): (rnd: Random) => string {
  const cumulative: number[] = [];
  let sum = 0;
  for (let r = 1; r <= queries.length; r++) cumulative.push((sum += 1 / r));
  return (rnd) => {
    const x = rnd.next() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return queries[lo]!;
  };
}
