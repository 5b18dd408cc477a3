# Sarafan — русский (язык по умолчанию).
# Деньги приходят уже отформатированными ($price, $total: «4 290 ₽»); числа ($count) — для склонений.

## Общее

items-count = { $count } { $count ->
    [one] товар
    [few] товара
    [many] товаров
   *[other] товара
}
# Name of the storefront created at first start when STOREFRONT_NAME is not set.
default-shop-name = Сарафан
page-of = Страница { $page } из { $pages }
price-with-old = { $price } (было { $old })
size-suffix = , размер { $size }
error-generic = 😔 Что-то пошло не так. Попробуйте ещё раз — ваша корзина и данные сохранены.
stale-button = Эта кнопка устарела. Вот главное меню.
unknown-command = Не знаю команду { $command }. Все команды — в /help.
unsupported-message = Я понимаю текст и кнопки 🙂 Напишите, что ищете (например, «кроссовки»), или откройте каталог.
contact-outside-checkout = Спасибо! Номер понадобится при оформлении заказа — я спрошу его там.

## Кнопки

btn-home = 🏠 Меню
btn-back = ⬅️ Назад
btn-catalog = 🗂 Каталог
btn-search = 🔎 Поиск
btn-cart = 🛒 Корзина{ $count ->
    [0] {""}
   *[other] {" "}({ $count })
}
btn-my-orders = 📦 Мои заказы
btn-help = ❓ Помощь
btn-prev-page = ◀️
btn-next-page = ▶️
btn-add-to-cart = ➕ Добавить в корзину
btn-more-sizes = Ещё размеры ▶️
btn-first-sizes = ◀️ Другие размеры
btn-checkout-resume = 📝 Продолжить оформление
btn-checkout = ✅ Оформить заказ
btn-cart-line = ✏️ { $index }. { $details } { $name }
btn-other-sizes = 👟 Другой размер: { $name }
btn-decrease = ➖ 1
btn-increase = ➕ 1
btn-remove = 🗑 Убрать
btn-open-product = 👁 Товар
btn-order = № { $number } · { $total }
btn-share-phone = 📱 Отправить мой номер
btn-checkout-keep = ✔️ Оставить: { $value }
btn-checkout-profile-name = 👤 { $value }
btn-checkout-skip = Пропустить ➡️
btn-checkout-cancel = ✖️ Отменить
btn-checkout-reuse = ✅ Да, доставить туда же
btn-checkout-new = ✏️ Указать другие данные
btn-checkout-confirm = ✅ Подтвердить заказ
btn-checkout-edit = ✏️ Изменить данные
btn-field-name = 👤 Имя
btn-field-phone = 📱 Телефон
btn-field-city = 🏙 Город
btn-field-address = 🏠 Адрес
btn-field-comment = 💬 Комментарий

## Главное меню и помощь

home-greeting = Здравствуйте! 👋 Это магазин «{ $shop }».
    Одежда, обувь и аксессуары с доставкой. Оплата при получении: можно примерить и отказаться, если не подошло.

    Выберите раздел или просто напишите, что ищете.
home-menu = Главное меню магазина «{ $shop }». Что посмотрим?
start-bad-link = Ссылка, по которой вы пришли, не открывается — возможно, она устарела.
start-linked-greeting = Здравствуйте! 👋 Это магазин «{ $shop }». Вот что вы искали:
help-text = ❓ Как купить в магазине «{ $shop }»
    1. Откройте 🗂 Каталог или напишите, что ищете, — например, «ботинки челси» или «платье миди».
    2. В карточке товара нажмите размер — товар попадёт в корзину.
    3. В 🛒 Корзине нажмите «Оформить заказ» и ответьте на пять вопросов: имя, телефон, город, адрес, комментарий.

    💵 Оплата при получении — наличными или картой курьеру.
    👗 Можно примерить и отказаться, если не подошло, — ничего платить не нужно.
    🚚 Стоимость и срок доставки продавец назовёт, когда подтвердит заказ.

    Команды:
    /start — главное меню
    /catalog — каталог
    /cart — корзина
    /orders — мои заказы
    /search текст — поиск
    /ask — спросить продавца
    /cancel — отменить оформление заказа
    /mydata — мои данные
    /forget — удалить мои данные
    /help — эта справка

## Каталог

catalog-title-root = 🗂 Каталог. Выберите раздел:
catalog-title-category = 🗂 { $name }
catalog-line-category = 📁 { $name } — { items-count }
catalog-line-product = • { $name } — { $price }
catalog-line-product-sold-out = • { $name } — нет в наличии
catalog-empty = Каталог пока пуст — загляните чуть позже.
category-gone = Этого раздела больше нет.
product-sold-out-short = Нет в наличии
btn-open-card = 👁 Подробнее
carousel-footer = Листайте карточки ↔️ или выберите ниже:
product-button = { $name } · { $price }
product-gone = 😔 Этот товар больше не продаётся. Посмотрите другие в каталоге.
product-gone-link = 😔 Товар по этой ссылке больше не продаётся.
product-price = 💰 { $price }
product-param = { $name }: { $value }
product-sizes = Размеры в наличии: { $sizes }
product-in-stock = ✅ В наличии
product-sold-out = 😔 Сейчас нет в наличии.
product-choose-size = 👇 Нажмите размер, чтобы положить в корзину.
add-sold-out = Только что раскупили: { $name }{ $size }. Выберите другой размер.
add-limit = { $name }{ $size }: в наличии только { $stock } шт., и все они уже в вашей корзине.

## Поиск

search-prompt = 🔎 Напишите, что ищете: например, «кроссовки», «куртка» или «платье миди».
search-found = 🔎 По запросу «{ $query }» нашлось: { items-count }
search-nothing = 🔎 По запросу «{ $query }» ничего не нашлось. Попробуйте другое слово или загляните в каталог.

## Корзина

cart-title = 🛒 Корзина
cart-line = { $index }. { $name }{ $size } — { $quantity } × { $price } = { $sum }
cart-total = Итого: { items-count } на { $total }
cart-hint = Чтобы изменить количество или убрать товар, нажмите на него.
cart-empty = 🛒 Корзина пуста. Загляните в каталог — там много интересного.
cart-added = ✅ Добавлено в корзину: { $name }{ $size }{ $quantity ->
        [1] {""}
       *[other] {" "}(теперь { $quantity } шт.)
    }.
    В корзине { items-count } на { $total }.
cart-item = { $name }{ $size }
    { $quantity } × { $price } = { $sum }
    В наличии: { $stock } шт.
cart-removed = 🗑 Убрали из корзины: { $name }.
cart-note-gone = Товар «{ $name }» больше не продаётся — убрали его из корзины.
cart-note-sold-out = Раскупили: { $name }{ $size } — убрали из корзины.
cart-note-sold-out-other-sizes = Раскупили: { $name }{ $size } — убрали из корзины. Есть размеры: { $sizes }.
cart-note-reduced = { $name }{ $size }: осталось только { $stock } шт. — столько и оставили в корзине.
cart-note-price = Цена изменилась: { $name } — было { $old }, стало { $price }.

## Оформление заказа

checkout-empty-cart = 🛒 Корзина пуста — оформлять пока нечего. Выберите что-нибудь в каталоге.
checkout-reuse = 🚚 Доставить туда же, куда в прошлый раз?
    { $name }, { $phone }
    { $city }, { $address }
checkout-ask-name = Шаг { $step } из { $steps }. 👤 Как зовут получателя? Напишите имя и фамилию.
checkout-ask-phone = Шаг { $step } из { $steps }. 📱 Телефон для курьера: нажмите кнопку «Отправить мой номер» внизу или напишите номер, например +7 912 345-67-89.
checkout-ask-phone-typed = Шаг { $step } из { $steps }. 📱 Телефон для курьера: напишите номер, например +7 912 345-67-89.
checkout-ask-city = Шаг { $step } из { $steps }. 🏙 В какой город доставить?
checkout-ask-address = Шаг { $step } из { $steps }. 🏠 Адрес: улица, дом, квартира (и индекс, если знаете).
checkout-ask-comment = Шаг { $step } из { $steps }. 💬 Комментарий к заказу — например, удобное время доставки. Если нечего добавить, нажмите «Пропустить».
checkout-error-name = Напишите, пожалуйста, имя получателя буквами — например, Анна Иванова.
checkout-error-city = Напишите, пожалуйста, название города буквами — например, Казань.
checkout-error-address = Напишите адрес подробнее: улица, дом и квартира.
checkout-error-too-long = Слишком длинно: { $length } { $length ->
        [one] символ
        [few] символа
       *[many] символов
    }, а можно не больше { $max }. Сократите, пожалуйста.
checkout-comment-shortened = Комментарий получился длиннее { $max } символов — сохранили первые { $max }.
checkout-text-please = Пожалуйста, ответьте текстом.
phone-error-not-a-number = Это не похоже на номер телефона. Напишите цифрами, например +7 912 345-67-89.
phone-error-too-short = В номере не хватает цифр. Напишите полностью, например +7 912 345-67-89.
phone-error-too-long = В номере лишние цифры. Проверьте и напишите ещё раз, например +7 912 345-67-89.
phone-error-invalid = Такого номера не бывает — проверьте код и цифры. Например: +7 912 345-67-89.
checkout-phone-saved = ✅ Телефон: { $phone }
checkout-summary-title = 📝 Проверьте заказ:
checkout-edit-which = ✏️ Что изменить?
checkout-summary-delivery = 🚚 Получатель: { $name }, { $phone }
    📍 { $city }, { $address }
checkout-summary-comment = 💬 { $comment }
checkout-terms = 💵 Оплата при получении — наличными или картой курьеру.
    👗 Можно примерить и отказаться, если не подошло, — ничего платить не нужно.
    🚚 Заказ отправим со склада; трек-номер пришлём сюда, как только посылка уедет.
checkout-changed = Пока вы оформляли заказ, кое-что изменилось. Проверьте и подтвердите ещё раз.
checkout-cancelled = Оформление отменено. Товары остались в корзине.
checkout-already-placed = ✅ Заказ № { $number } уже оформлен — повторно нажимать не нужно.

## Заказы

order-placed = 🎉 Спасибо! Заказ № { $number } оформлен: { items-count } на { $total }.
    💵 Оплата при получении, можно примерить и отказаться.
    Продавец проверит и подтвердит заказ — мы сообщим здесь о каждом шаге. Статус — в разделе «Мои заказы».
order-placed-timing = 🚚 Обычно заказ приходит за { $min }–{ $max } { $max ->
    [one] день
    [few] дня
   *[many] дней
    } после подтверждения; трек-номер пришлём сюда.
orders-title = 📦 Мои заказы
orders-empty = 📦 У вас пока нет заказов. Самое время что-нибудь выбрать!
orders-line = № { $number } от { $date } — { $total } — { $status }
order-title = 📦 Заказ № { $number } от { $date }
    Статус: { $status }
order-total = Итого: { $total }, оплата при получении
order-history = 🕓 История:
    { $lines }
order-history-line = { $date } — { $status }{ $note }
order-status-new = 🆕 принят, ждёт подтверждения продавца
order-status-confirmed = ✅ подтверждён
order-status-sent = 📤 передан в сборку
order-status-accepted = 🏬 собирается
order-status-packed = 📦 упакован
order-status-shipped = 🚚 в пути
order-status-delivered = 🎉 получен
order-status-refused = ↩️ отказ при получении
order-status-returned = ↩️ возвращён на склад
order-status-cancelled = ✖️ отменён
order-status-needs_attention = ⚠️ нужен ваш выбор: товара нет на складе

## Telegram: меню команд

command-start = Главное меню
command-catalog = Каталог
command-cart = Корзина
command-orders = Мои заказы
command-help = Как купить
command-cancel = Отменить оформление

## Консольный чат

console-intro = Сарафан — локальный чат с магазином «{ $shop }». Пишите как в мессенджере; кнопку нажимает её номер. Здесь вы и покупатель, и франчайзер (/admin), и склад: оформите заказ — сообщения продавцу и карточка для склада придут сюда же, и заказ можно провести до доставки. /exit — выход.
console-photo = [фото: { $url }]
console-document = 📎 Файл { $file }:
console-link = [ссылка: { $url }]
console-prompt = вы>
console-no-button = Нет кнопки с номером { $number }.

## Импорт каталога

import-report = Каталог обновлён: новых товаров — { $added }, изменено — { $updated }, без изменений — { $unchanged }, скрыто (нет в фиде) — { $hidden }. Категорий в фиде: { $categories }.
import-rejected-title = Не загружено предложений: { $count }
import-rejected-line = • { $offer }: { $reason }
import-rejected-more = …и ещё { $count }
import-reason-no-id = нет id предложения
import-reason-duplicate-id = id повторяется — загружено только первое предложение
import-reason-no-name = нет названия
import-reason-no-price = нет цены
import-reason-bad-price = неверная цена «{ $detail }»
import-reason-currency = валюта «{ $detail }» — принимаются только RUB и RUR
import-error-malformed = Фид не загружен: ошибка XML в строке { $line }, позиция { $column } ({ $message }). Каталог не изменён.
import-error-encoding = Фид не загружен: текст не читается в кодировке { $encoding }. Укажите верную кодировку в заголовке <?xml … encoding="…"?>. Каталог не изменён.
import-error-empty = Фид не загружен: в нём нет ни одного годного предложения. Каталог не изменён.
import-error-download = Фид не загружен: не удалось его открыть ({ $message }). Каталог не изменён.
import-error-csv = Файл не загружен: ошибка CSV в строке { $line } ({ $message }). Каталог не изменён.
import-usage = Использование: npm run catalog:import -- <файл или https://адрес фида> [--csv]

## Персонал магазина

# Words staff may type as command arguments, comma-separated.
word-reset = сброс, сбросить
word-on = вкл, включить, да
word-off = выкл, выключить, нет
admin-role-hq = франчайзер
admin-role-owner = владелец
admin-role-manager = менеджер
admin-title = 🛠 Управление магазином «{ $shop }» (вы — { $role })
admin-settings = Наценка: { $markup }. Автоподтверждение заказов: { $autoconfirm }.
admin-markup-recommended = рекомендованные цены франчайзера
admin-on = включено
admin-off = выключено
admin-help = Команды:
    /orders — заказы магазина
    /order 1001 — заказ по номеру
    /find кеды — найти товар (по названию, артикулу или #номеру)
    /price 12 4990 — своя цена товара #12 (/price 12 сброс — вернуть рекомендованную)
    /markup 80 — наценка магазина 80% к оптовой цене (/markup сброс)
    /hide 12, /show 12 — скрыть или показать товар
    /top 12 — отметить хит (хиты показываются первыми)
    /desc 12 Текст — своё описание товара (/desc 12 сброс)
    /photo 12 — своё фото товара: после команды пришлите фото (/photo 12 сброс)
    /cats — категории; /hidecat 5, /showcat 5 — скрыть или показать категорию целиком
    /autoconfirm вкл — подтверждать заказы автоматически (/autoconfirm выкл)
    /connect telegram ТОКЕН — подключить своего бота из @BotFather
    /connect vk ID_СООБЩЕСТВА ТОКЕН — подключить своё сообщество ВКонтакте
    /connect max ТОКЕН — подключить своего бота в MAX
    /earnings — доходы за месяц (/earnings 2026-10 — за октябрь, /earnings csv — файлом)
admin-help-hq = Франшиза:
    /shops — магазины сети
    /newshop Название — новый магазин и код приглашения для франчайзи
    /invite 3 — ещё один код для магазина #3 (/invite 3 manager — для менеджера)
    /rules 100 30 — рекомендованная и минимальная наценка сети, %
    /import https://… — загрузить фид склада (YML или CSV)
    /pause 3, /resume 3 — приостановить или возобновить магазин #3
btn-admin-orders = 📦 Заказы
btn-admin-find = 🔎 Товары
admin-find-prompt = 🔎 Напишите: /find и название, артикул или номер товара. Например: /find кеды
admin-find-title = Найдено по «{ $query }»:
admin-find-nothing = По «{ $query }» в каталоге ничего нет.
admin-one-size = без размера
admin-product-prices = Цена в магазине: { $price } ({ $own }). Опт: { $wholesale }. Минимум сети: { $minimum }.
admin-price-own = ваша цена
admin-price-rule = по правилу наценки
admin-product-state = Показ: { $visible }. Хит: { $top }.
admin-visible = показан
admin-hidden = скрыт
admin-withdrawn = снят со склада
admin-top-yes = да
admin-top-no = нет
admin-stock = Остатки: { $stock }
admin-product-commands = Цена: /price { $id } 4990 · сброс: /price { $id } сброс
btn-admin-hide = 🙈 Скрыть
btn-admin-show = 👁 Показать
btn-admin-top = ⭐ Сделать хитом
btn-admin-untop = ☆ Убрать из хитов
admin-done-hidden = 🙈 Товар скрыт в вашем магазине.
admin-done-shown = 👁 Товар снова показан покупателям.
admin-done-price = ✅ Новая цена: { $price }.
admin-done-price-reset = ✅ Цена снова по правилу наценки.
admin-price-too-low = ⚠️ { $price } — ниже минимальной цены сети ({ $minimum }). Цена не изменена.
admin-usage-price = Так: /price 12 4990 — цена товара #12 в рублях. Или /price 12 сброс.
admin-usage-markup = Так: /markup 80 — наценка 80% к оптовой цене. Или /markup сброс.
admin-markup-too-low = ⚠️ Наценка { $markup }% ниже минимальной в сети ({ $minimum }%). Не изменено.
admin-done-markup = ✅ Наценка магазина: { $markup }%.
admin-done-markup-reset = ✅ Снова рекомендованные цены франчайзера.
admin-categories-title = 🗂 Категории каталога:
admin-categories-help = Скрыть категорию целиком: /hidecat 5, показать: /showcat 5
admin-usage-category = Так: /hidecat 5 — номер категории из списка /cats.
admin-done-category-hidden = 🙈 Категория «{ $name }» скрыта со всем содержимым.
admin-done-category-shown = 👁 Категория «{ $name }» снова видна.
admin-usage-autoconfirm = Так: /autoconfirm вкл или /autoconfirm выкл.
admin-done-autoconfirm-on = ✅ Новые заказы будут подтверждаться автоматически.
admin-done-autoconfirm-off = ✅ Новые заказы снова ждут вашего подтверждения.
admin-filter-active = в работе
admin-filter-new = новые
admin-filter-done = получены
admin-filter-closed = отменены и отказы
btn-admin-filter-active = 📋 В работе
btn-admin-filter-new = 🆕 Новые
btn-admin-filter-done = 🎉 Получены
btn-admin-filter-closed = ✖️ Отмены
admin-orders-title = 📦 Заказы — { $filter } ({ $count })
admin-orders-none = Таких заказов нет.
admin-order-line = № { $number } · { $date } · { $total } · { $name } · { $status }
btn-admin-order = № { $number } · { $total }
admin-order-unknown = Заказа «{ $number }» в вашем магазине нет.
admin-order-title = 📦 Заказ № { $number } от { $date } — { $status }
admin-order-total = Итого: { $total }, оплата при получении
admin-order-buyer = 👤 { $name }, { $phone } ({ $channel })
    📍 { $city }, { $address }
admin-channel-telegram = Telegram
admin-channel-vk = ВКонтакте
admin-channel-console = консоль
admin-status-new = 🆕 новый
admin-status-confirmed = ✅ подтверждён
admin-status-sent = 📤 передан на склад
admin-status-accepted = 🏬 принят складом
admin-status-packed = 📦 упакован
admin-status-shipped = 🚚 отправлен
admin-status-delivered = 🎉 получен и оплачен
admin-status-refused = ↩️ отказ при получении
admin-status-returned = ↩️ возвращён на склад
admin-status-cancelled = ✖️ отменён
admin-status-needs_attention = ⚠️ нужна помощь: склад не может выполнить
btn-admin-confirm = ✅ Подтвердить
btn-admin-cancel = ✖️ Отменить
btn-admin-contact = 💬 Написать покупателю
btn-admin-open-order = 📦 Открыть заказ
admin-done-confirmed = ✅ Заказ подтверждён и передаётся на склад; покупатель получит сообщение.
admin-done-cancelled = ✖️ Заказ отменён, товар вернулся в продажу; покупатель получит сообщение.
admin-order-warehouse = 🏬 Номер для склада: { $id }
admin-order-tracking = 🚚 { $carrier }, трек-номер { $tracking }
admin-handoff-waiting = ⏳ Склад пока не отвечает — заказ ещё не передан. Мы повторяем сами (попыток: { $attempts }, следующая — { $next }; ошибка: { $error }). Делать ничего не нужно; если не пройдёт за сутки, сообщите франчайзеру.
admin-handoff-blocked = ⛔ Склад не принимает наши запросы: не сходится подпись. Заказ сохранён и ждёт. Сообщите франчайзеру — после исправления нажмите «Отправить на склад ещё раз».
admin-handoff-failed = ⚠️ Склад не принял заказ. Ответ склада: «{ $error }». Изменить адрес или телефон в заказе нельзя: если дело в них — свяжитесь с покупателем, отмените заказ и попросите оформить заново. Если склад исправил у себя — нажмите «Отправить на склад ещё раз».
btn-admin-handoff-retry = 🔁 Отправить на склад ещё раз
admin-handoff-retried = 🔁 Заказ снова в очереди на склад.
admin-handoff-not-retried = Повторять нечего: заказ уже передан на склад или не ждёт передачи.
admin-order-cannot = ⚠️ Так нельзя: заказ уже в статусе «{ $status }».
admin-cancel-ask = Почему отменяем заказ № { $number }? Выберите причину или напишите свою — её увидит покупатель.
admin-reason-stock = Товара нет в наличии
admin-reason-buyer = Покупатель передумал
admin-reason-unreachable = Не удалось связаться с покупателем
admin-new-order = 🔔 Новый заказ № { $number } на { $total }
    👤 { $name }, { $phone }, { $city }
order-update-title = 📦 Заказ № { $number }
order-update-confirmed = ✅ Продавец подтвердил заказ, передаём его на склад.
order-update-accepted = 🏬 Склад принял заказ и собирает его.
order-update-packed = 📦 Заказ упакован и скоро поедет к вам.
order-update-shipped = 🚚 Заказ передан в доставку.
order-update-carrier = Служба доставки: { $carrier }
order-update-tracking = Трек-номер: { $tracking }
order-update-pay = 💵 Оплата при получении: { $total }. Можно примерить и отказаться.
order-update-delivered = 🎉 Заказ получен — спасибо за покупку! Будем рады видеть вас снова.
order-update-refused = ↩️ Вы отказались от заказа при получении — платить ничего не нужно. Если не подошёл размер, подберём другой: загляните в каталог.
order-update-returned = ↩️ Заказ вернулся на склад.
order-update-cancelled = ✖️ Заказ отменён. Платить ничего не нужно.
order-update-reason = Причина: { $reason }
order-update-needs_attention = ⚠️ На складе закончилось: { $items }.
    Выберите другой размер — заказ снова уйдёт на склад. Похожие товары ниже оформляются отдельным заказом. Или отмените этот заказ.
order-update-item-size = { $name }, размер { $size }
btn-open-order = 📦 Открыть заказ
btn-swap-size = Размер { $size }
btn-cancel-my-order = ✖️ Отменить заказ
btn-cancel-yes = Да, отменить
btn-cancel-no = Нет, оставить
order-swap-done = ✅ Заменили на размер { $size } и снова передали заказ на склад.
order-swap-gone = 😔 Этот размер только что закончился. Выберите другой или отмените заказ.
order-swap-too-late = Заказ уже не ждёт замены — вот его текущий статус.
order-cancel-ask = Отменить заказ № { $number }? Платить ничего не нужно, товары вернутся в продажу.
order-cancel-done = ✖️ Заказ отменён. Продавец получил сообщение.
order-cancel-too-late = Склад уже собирает этот заказ, сами вы его не отмените. Напишите продавцу — он отменит заказ, пока посылка не отправлена. Если она уже в пути, просто откажитесь при получении — платить ничего не нужно.
order-cancel-by-buyer-note = по просьбе покупателя
staff-notice-needs_attention = ⚠️ Заказ № { $number } ({ $name }, { $phone }): на складе нет — { $items }. Покупателю предложены другие размеры и похожие товары. Если он не ответит, свяжитесь с ним; если склад ошибся — откройте заказ и отправьте его на склад ещё раз.
staff-notice-refused = ↩️ Заказ № { $number }: покупатель отказался при получении.
staff-notice-cancelled_by_warehouse = ✖️ Склад отменил заказ № { $number }. Покупатель получил сообщение.
staff-notice-cancelled_by_buyer = ✖️ Покупатель сам отменил заказ № { $number }.
staff-notice-cancel_too_late = ⚠️ Заказ № { $number } уже отправлен: склад не успел его отменить. Покупатель может отказаться при получении.
staff-notice-stale = ⏳ По заказу № { $number } нет новостей уже { $hours } ч. (статус: { $status }). Откройте заказ: если он у склада — уточните у склада, что с ним; если ждёт вас — решите, что делать.
staff-notice-handoff_rejected = ⚠️ Склад не принял заказ № { $number }. Откройте заказ, чтобы увидеть ответ склада и что делать дальше.
order-update-needs_attention-none = ⚠️ На складе закончилось: { $items }.
    Других размеров сейчас нет. Можно спросить продавца о замене или отменить заказ — платить ничего не нужно.
order-update-cancel-too-late = ⚠️ Заказ успел уехать со склада до отмены. Когда курьер привезёт его, просто откажитесь — платить ничего не нужно.
staff-notice-swapped = 🔁 Заказ № { $number }: покупатель выбрал замену ({ $change }), заказ снова ушёл на склад.
staff-notice-unconfirmed = 🔔 Заказ № { $number } ({ $name }, { $phone }) ждёт вашего подтверждения уже больше часа. Покупатель ждёт — подтвердите или отмените его.
history-note-skipped = склад сообщил сразу следующий этап
history-note-resent = снова передан на склад
history-note-out-of-stock = нет на складе: { $items }
history-note-offer = арт. { $offer }
history-note-swap = замена размера: { $from } → { $to }
admin-order-warehouse-own = 🏬 Номер для склада: { $id } (у склада: { $own })
admin-orders-more = Другой заказ откройте командой /order с номером, например: /order { $number }
staff-notice-reason = Причина: { $reason }
staff-notice-return-fee = Плата за возврат: { $fee }.
order-placed-confirmed = 🎉 Спасибо! Заказ № { $number } оформлен и подтверждён: { items-count } на { $total }.
    💵 Оплата при получении, можно примерить и отказаться.
    Передаём его на склад и сообщим здесь о каждом шаге. Статус — в разделе «Мои заказы».

## Франчайзер

hq-usage-newshop = Так: /newshop Название магазина (от 2 до 64 символов).
hq-done-newshop = ✅ Магазин «{ $name }» (#{ $id }) создан: весь каталог сети по рекомендованным ценам.
    Код приглашения для владельца: { $code }
    Франчайзи отправляет боту: /join { $code }
hq-usage-invite = Так: /invite 3 — номер магазина из /shops (и manager, если код для менеджера).
hq-invite-own-owner = У магазина франчайзера нет владельца: им управляют франчайзеры из HQ_ADMINS. Код для менеджера: /invite { $shop } manager
hq-done-invite = ✅ Код для магазина «{ $name }» ({ $role }): { $code }. Отправить боту: /join { $code }
hq-shops-title = 🏬 Магазины сети:
hq-usage-rules = Так: /rules 100 30 — рекомендованная и минимальная наценка в %, минимальная не больше рекомендованной.
hq-done-rules = ✅ Правила цен сети: рекомендованная наценка { $recommended }%, минимальная { $minimum }%.
hq-usage-import = Так: /import https://адрес-фида — YML или CSV.
hq-import-started = ⏳ Загружаю фид… Пришлю отчёт, когда закончу.
join-usage = Так: /join КОД — код приглашения от франчайзера.
join-unknown = Такого кода приглашения нет. Проверьте буквы и цифры или попросите у франчайзера новый.
join-used = Этот код уже использован. Попросите у франчайзера новый.
join-done = ✅ Готово: вы — { $role } магазина «{ $name }». Команды персонала — в /admin.

## Вопрос продавцу

btn-ask = 💬 Спросить продавца
btn-ask-end = ✖️ Закончить разговор
btn-ask-again = 💬 Ответить продавцу
ask-prompt = 💬 Напишите вопрос продавцу магазина «{ $shop }» — про размер, наличие, доставку. Ответ придёт сюда же.
ask-sent = ✅ Передал продавцу. Ответ придёт в этот чат. Можно написать ещё.
ask-ended = Хорошо! Если появятся вопросы — кнопка «💬 Спросить продавца» в меню.
ask-to-staff = 💬 Вопрос от { $name } ({ $channel }):
    { $text }
ask-context-cart = 🛒 В корзине: { $items } — { $total }
ask-context-order = 📦 Последний заказ: № { $number }, { $status }
ask-reminder = ⏰ { $name } ждёт ответа уже { $minutes } мин.
btn-admin-reply = ↩️ Ответить
btn-admin-reply-cancel = ✖️ Не отвечать
reply-prompt = ✍️ Напишите ответ для { $name } — я передам его.
seller-says = 💬 Продавец магазина «{ $shop }»:
    { $text }
reply-sent = ✅ Ответ отправлен покупателю.
reply-time = Первый ответ — через { $minutes } мин.

## Подключение своих ботов

connect-usage = Так: /connect telegram ТОКЕН — токен бота из @BotFather. Или /connect vk ID_СООБЩЕСТВА ТОКЕН — токен сообщества (Управление → Работа с API). Или /connect max ТОКЕН — токен бота MAX (business.max.ru → Чат-боты → Интеграция).
connect-which = У вас несколько магазинов: { $shops }. Укажите номер: /connect 3 telegram ТОКЕН
connect-unavailable = Подключение ботов из чата здесь недоступно. Обратитесь к франчайзеру.
connect-checking = ⏳ Проверяю токен… Пришлю ответ через несколько секунд. Совет: удалите сообщение с токеном из этого чата.
connect-telegram-refused = ❌ Telegram не принял этот токен. Скопируйте его заново в @BotFather (/mybots → API Token) и пришлите ещё раз.
connect-telegram-done = ✅ Бот { $bot } подключён к магазину «{ $shop }» и уже отвечает покупателям.
connect-vk-refused = ❌ ВКонтакте не принял этот токен для этого сообщества. Проверьте номер сообщества и права токена (сообщения, фотографии).
connect-vk-done = ✅ Сообщество «{ $community }» подключено к магазину «{ $shop }» и уже отвечает покупателям.
hq-usage-pause = Так: /pause 3 или /resume 3 — номер магазина из /shops.
hq-pause-own = Магазин франчайзера приостановить нельзя.
hq-done-paused = ⏸ Магазин «{ $name }» приостановлен: его боты не отвечают.
hq-done-resumed = ▶️ Магазин «{ $name }» снова работает.
hq-paused-mark = ⏸ приостановлен
admin-usage-desc = Так: /desc 12 Мягкая замша, садятся по размеру. Или /desc 12 сброс.
admin-done-desc = ✅ Описание заменено на ваше.
admin-done-desc-reset = ✅ Снова описание со склада.
admin-usage-photo = Так: /photo 12 — и следом пришлите фото. Или /photo 12 сброс.
admin-photo-prompt = 📷 Пришлите фото для товара #{ $id } — оно заменит фото со склада в вашем магазине.
admin-done-photo = ✅ Фото заменено: покупатели видят ваше.
admin-done-photo-reset = ✅ Снова фото со склада.
help-staff = 🛠 Вы — персонал магазина: команды управления с примерами — в /admin.

## Склад (заказы в чате склада)

wh-card-title = 📦 Заказ { $id } от { $date } · магазин «{ $shop }»
    Статус: { $status }
wh-card-item = { $index }. { $name }, размер { $size } (арт. { $offer }) — { $quantity } шт.
wh-card-recipient = 👤 { $name }, { $phone }
    📍 { $city }, { $address }
wh-card-comment = 💬 { $comment }
wh-card-cod = 💵 Наложенный платёж: { $total }
wh-card-tracking = 🚚 { $carrier }, трек-номер { $tracking }
wh-cancelled = ❌ Заказ { $id } ({ $name }, { $city }) отменён — не собирайте и не отправляйте его. Если уже отправили, сообщите франчайзеру.
wh-done = ✅ { $id } ({ $name }): { $status }.
wh-already = ℹ️ Уже отмечено раньше — заказ { $id } в статусе «{ $status }».
wh-unknown-order = Такого заказа нет.
wh-ask-tracking = 🚚 Заказ { $id } ({ $name }, { $city }): напишите службу доставки и трек-номер ответом на это сообщение, например: СДЭК 1234567890
wh-tracking-bad = Не разобрал трек-номер для заказа { $id }. Напишите службу доставки и номер, например: СДЭК 1234567890 — или нажмите «Без трек-номера».
btn-wh-accepted = 🏬 Принят в сборку
btn-wh-packed = 📦 Упакован
btn-wh-shipped = 🚚 Отправлен
btn-wh-delivered = 💵 Доставлен и оплачен
btn-wh-refused = ↩️ Отказ при получении
btn-wh-returned = 📥 Вернулся на склад
btn-wh-out_of_stock = ⚠️ Нет в наличии
btn-wh-shipped-untracked = 🚚 Без трек-номера
btn-wh-oos-done = ✅ Готово
wh-oos-none-picked = Не отмечено ни одной позиции.
wh-oos-which = ⚠️ Заказ { $id }: чего нет? Отметьте каждую отсутствующую позицию, затем нажмите «Готово».
btn-wh-card = ↩️ Назад к заказу
btn-wh-yes = ✅ Да, отметить
wh-confirm-out_of_stock = товара нет в наличии (покупателю предложим замену)
wh-confirm-refused = покупатель отказался при получении
wh-confirm-delivered = доставлен и оплачен (деньги получены)
wh-confirm = Отметить заказ { $id }: { $what }? Из чата это уже не отменить.
wh-is-cancelled = ⛔ Заказ { $id } отменён — не отправляйте его.
wh-status-needs_attention = ⚠️ нет в наличии — ждём решения покупателя
wh-status-cancelled = ❌ отменён — не отправлять
wh-status-returned = 📥 вернулся на склад
wh-status-refused = ↩️ отказ при получении — ждём возврата
wh-status-delivered = 💵 доставлен и оплачен
wh-status-shipped = 🚚 отправлен
wh-status-packed = 📦 упакован — ждёт отправки
wh-status-accepted = 🏬 в сборке
wh-status-sent = 🆕 новый — соберите
wh-status-confirmed = 🆕 новый — соберите
wh-status-new = 🆕 ждёт подтверждения продавца
wh-card-item-plain = { $index }. { $name } (арт. { $offer }) — { $quantity } шт.
wh-card-resent = 🔁 Отправлен повторно: покупатель заменил товар. Прежнюю карточку этого заказа не собирайте.

## Доходы

btn-admin-earnings = 💰 Доходы
btn-earnings-csv = 📄 Выгрузить CSV
earnings-network-rate = выкуп { $rate }%
earnings-network-rate-none = выкуп — пока не из чего считать
btn-earnings-month-next = { $period } 📅
btn-earnings-month = 📅 { $period }
earnings-title = 💰 Доходы за { $period } — «{ $shop }»
earnings-delivered = Доставлено и оплачено: { $count } { $count ->
    [one] заказ
    [few] заказа
   *[many] заказов
} на { $sales }
earnings-wholesale = Закупка у франчайзера: { $amount }
earnings-royalty = Роялти франчайзеру: { $amount }
earnings-return-fees = Плата за возвраты: { $amount }
earnings-margin = 💚 Ваш доход: { $amount }
earnings-refused = Отказов при получении: { $count }
earnings-buyout = Выкупили: { $rate }% (оплатили при получении, а не отказались)
earnings-buyout-none = Выкуп: пока нет ни доставленных заказов, ни отказов
earnings-pending = 🚚 Ещё в пути: { $count } { $count ->
    [one] заказ
    [few] заказа
   *[many] заказов
    } — к получению { $cash }
earnings-network-title = 💰 Сеть за { $period }
earnings-network-line = «{ $shop }»: доставлено { $count }, продажи { $sales }, роялти { $royalty }, { $rate }
earnings-network-total = Итого: продажи { $sales }, закупка { $wholesale }, роялти { $royalty }
earnings-csv-sent = 📄 Отчёт во вложении: { $file }
earnings-bad-period = Не понял период. Примеры: /earnings — этот месяц, /earnings 2026-10 — октябрь 2026, /earnings 2026-10 csv — файлом.
csv-date = Дата
csv-order = Заказ
csv-outcome = Итог
csv-outcome-delivered = доставлен
csv-outcome-refused = отказ
csv-cod = Наложенный платёж, ₽
csv-wholesale = Закупка, ₽
csv-royalty = Роялти, ₽
csv-margin = Доход франчайзи, ₽
csv-return_fee = Плата за возврат, ₽
csv-shop = Магазин
csv-delivered = Доставлено
csv-refused = Отказов
csv-buyout = Выкуп, %
csv-sales = Продажи, ₽
csv-return_fees = Плата за возвраты, ₽
csv-pending_cash = В пути, ₽

## issue17-authz

invite-valid-until = Код действует до { $until }; после — попросите новый.
join-expired = Срок этого кода истёк. Попросите у франчайзера новый.
join-throttled = Слишком много неверных кодов. Попробуйте снова через { $minutes } мин.
admin-help-staff = Персонал:
    /staff — кто работает в магазине, с какого времени, и их номера
    /revoke 12 — убрать менеджера #12 (доступ пропадает сразу)
admin-help-staff-manager = Персонал:
    /staff — кто работает в магазине и с какого времени
admin-help-hq-staff = Персонал сети:
    /staff — франчайзеры и персонал магазина франчайзера; /staff 3 — персонал магазина #3
    /revoke 12 — убрать владельца или менеджера любого магазина; новому владельцу — /invite 3
    Франчайзеры — это HQ_ADMINS: кого нет в списке при запуске, тот больше не франчайзер.
staff-title = 👥 Персонал магазина «{ $shop }» (#{ $id }):
staff-line = #{ $id } · { $role } · { $who } · с { $since }
staff-none = Пока никого.
staff-footer = Убрать менеджера: /revoke и его номер, например /revoke 12. Владельца меняет франчайзер.
staff-footer-hq = Убрать: /revoke и номер, например /revoke 12. Новый владелец — код /invite { $shop }. Франчайзеров задаёт HQ_ADMINS.
staff-footer-hq-own = Убрать менеджера: /revoke и номер, например /revoke 12. Новый менеджер — код /invite { $shop } manager. Владельца у магазина франчайзера нет: франчайзеров задаёт HQ_ADMINS.
staff-footer-manager = Персонал добавляет и убирает владелец магазина или франчайзер.
staff-usage = Так: /staff — персонал вашего магазина.
staff-usage-hq = Так: /staff — ваш магазин, или /staff 3 — магазин #3 из /shops.
staff-revoke-usage = Так: /revoke 12 — номер из списка /staff.
staff-revoke-unknown = Сотрудника #{ $id } нет среди тех, кого вы можете убрать. Номера — в /staff.
staff-revoke-hq = Франчайзеров задаёт HQ_ADMINS: уберите аккаунт оттуда и перезапустите бота.
staff-revoke-self = Себя убрать нельзя. Если магазин нужно передать, напишите франчайзеру.
staff-revoke-owner = Владельца может сменить только франчайзер.
staff-revoke-not-allowed = Убирать персонал может только владелец магазина или франчайзер.
staff-revoked = ✅ #{ $id } { $who }, { $role }, больше не персонал магазина «{ $shop }». Доступ пропал сразу.
staff-revoked-owner-next = У магазина больше нет этого владельца. Код для нового: /invite { $shop }
    Если у магазина свой бот, его токен — у прежнего владельца: остановите бота командой /pause { $shop }, пока новый владелец не подключит свой (/connect).

## issue17-secrets
backup-usage = Использование: npm run db:backup -- <файл копии> [--force]
backup-done = Резервная копия базы записана: { $path } ({ $pages } стр.). Ключ SECRETS_KEY храните отдельно от копии.
backup-failed = Резервная копия не записана: { $reason }
backup-exists = Файл { $path } уже есть, копия не записана. Чтобы заменить его, добавьте --force.
backup-no-folder = Папки { $path } нет, копия не записана.

## issue17-http
import-error-scheme = Фид не загружен: принимаются только ссылки http:// и https://. Каталог не изменён.
import-error-address = Фид не загружен: адрес { $host } — это внутренняя сеть (localhost, частные или служебные адреса), оттуда загружать нельзя. Каталог не изменён.
import-error-redirects = Фид не загружен: слишком много перенаправлений (больше { $max }). Каталог не изменён.
import-error-too-large = Фид не загружен: он больше { $mb } МБ. Каталог не изменён.

## issue17-pdata
# Согласие на обработку персональных данных (152-ФЗ). Текст уведомления можно менять: изменённый
# текст получает новую версию, и покупатели соглашаются с ним заново при следующем заказе.
pd-notice = 🔒 Перед оформлением заказа: ваши персональные данные
    Что мы сохраним: имя получателя, телефон, город и адрес доставки, комментарий к заказу, а также ваше имя в мессенджере и язык.
    Зачем: чтобы доставить заказ с оплатой при получении и сообщать, как он движется.
    Кто их увидит: этот магазин, франчайзер сети (владелец каталога), склад, который соберёт заказ, и служба доставки.
    Как удалить: команда /forget в любой момент; посмотреть, что хранится, — /mydata.
    Нажимая «✅ Согласен», вы соглашаетесь на обработку этих данных для доставки заказа.
btn-pd-agree = ✅ Согласен
btn-pd-decline = Не сейчас
pd-agreed = ✅ Спасибо, согласие сохранено.
pd-declined = Без согласия на обработку данных оформить заказ нельзя: имя, телефон и адрес нужны, чтобы доставить посылку. Корзина сохранена — можно вернуться, когда будете готовы.
pd-erased = удалено
mydata-title = 🔒 Ваши данные в магазине «{ $shop }»
mydata-profile = 👤 Имя в мессенджере: { $name }
mydata-profile-none = 👤 Имя в мессенджере: не сохранено
mydata-locale = 🌐 Язык: { $locale ->
    [en] английский
   *[ru] русский
    }
mydata-delivery = 📦 Сохранённые данные для доставки:
    { $name }, { $phone }
    { $city }, { $address }
mydata-delivery-none = 📦 Сохранённых данных для доставки нет.
mydata-consents-title = ✍️ Согласия:
mydata-consent = • { $kind } — дано { $date } ({ $source }), версия текста { $version }
mydata-consent-withdrawn = • { $kind } — дано { $date } ({ $source }), версия текста { $version }, отозвано { $withdrawn }
mydata-consents-none = ✍️ Согласий нет.
mydata-kind-personal-data = на обработку персональных данных
mydata-kind-promotions = на рекламные рассылки
mydata-source-checkout = при оформлении заказа
mydata-orders-title = 🧾 Заказы и данные доставки в них:
mydata-order = № { $number } от { $date } — { $status }, { $total }
    { $name }, { $phone }, { $city }, { $address }
mydata-order-comment = Комментарий: { $comment }
mydata-order-erased = № { $number } от { $date } — { $status }, { $total }; личные данные удалены
mydata-orders-none = 🧾 Заказов нет.
mydata-questions = 💬 Вопросов продавцу без ответа: { $count }, последний задан { $date }
mydata-questions-none = 💬 Открытых вопросов продавцу нет.
mydata-footer = Удалить свои данные — /forget.
forget-ask = ⚠️ Удалить ваши персональные данные в магазине «{ $shop }»?
    Будут удалены: имя из мессенджера, сохранённые данные доставки, начатое оформление заказа, вопросы продавцу, а в завершённых заказах — имя, телефон, адрес и комментарий (суммы и товары останутся для учёта).
    Отменить удаление нельзя.
btn-forget-yes = 🗑 Да, удалить
forget-done = ✅ Ваши персональные данные удалены.
forget-open-orders = { $count ->
        [one] Заказ № { $orders } ещё не завершён: имя, телефон и адрес в нём нужны для доставки. Они будут удалены сразу, как только заказ завершится.
       *[other] Заказы № { $orders } ещё не завершены: имя, телефон и адрес в них нужны для доставки. Они будут удалены сразу, как только каждый заказ завершится.
    }
command-mydata = Мои данные
command-forget = Удалить мои данные

## issue18-maxwire
connect-max-refused = ❌ MAX не принял этот токен. Скопируйте токен бота заново: business.max.ru → Чат-боты → Интеграция.
connect-max-done = ✅ Бот { $bot } в MAX подключён к магазину «{ $shop }» и уже отвечает покупателям.
