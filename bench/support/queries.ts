/**
 * What buyers type into the search: twenty realistic Russian queries, from one word to a
 * phrase with a size, in lower and mixed case, with and without ё.
 *
 * @module
 */

/** The benchmark's search queries. */
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
