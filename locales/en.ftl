# Sarafan — English.
# Money arrives formatted ($price, $total: "4,290 ₽"); numbers ($count) drive plurals.

## Common

items-count = { $count } { $count ->
    [one] item
   *[other] items
}
# Name of the storefront created at first start when STOREFRONT_NAME is not set.
default-shop-name = Sarafan
page-of = Page { $page } of { $pages }
price-with-old = { $price } (was { $old })
size-suffix = , size { $size }
error-generic = 😔 Something went wrong. Please try again — your cart and details are safe.
stale-button = This button is out of date. Here is the main menu.
unknown-command = I don't know the command { $command }. All commands are in /help.
unsupported-message = I understand text and buttons 🙂 Type what you are looking for (for example, "кроссовки" — sneakers) or open the catalog.
contact-outside-checkout = Thank you! I'll need your number when you place an order — I'll ask for it then.

## Buttons

btn-home = 🏠 Menu
btn-back = ⬅️ Back
btn-catalog = 🗂 Catalog
btn-search = 🔎 Search
btn-cart = 🛒 Cart{ $count ->
    [0] {""}
   *[other] {" "}({ $count })
}
btn-my-orders = 📦 My orders
btn-help = ❓ Help
btn-prev-page = ◀️
btn-next-page = ▶️
btn-add-to-cart = ➕ Add to cart
btn-more-sizes = More sizes ▶️
btn-first-sizes = ◀️ Other sizes
btn-checkout-resume = 📝 Continue checkout
btn-checkout = ✅ Place order
btn-cart-line = ✏️ { $index }. { $details } { $name }
btn-other-sizes = 👟 Another size: { $name }
btn-decrease = ➖ 1
btn-increase = ➕ 1
btn-remove = 🗑 Remove
btn-open-product = 👁 Product
btn-order = #{ $number } · { $total }
btn-share-phone = 📱 Share my number
btn-checkout-keep = ✔️ Keep: { $value }
btn-checkout-profile-name = 👤 { $value }
btn-checkout-skip = Skip ➡️
btn-checkout-cancel = ✖️ Cancel
btn-checkout-reuse = ✅ Yes, same details
btn-checkout-new = ✏️ Enter other details
btn-checkout-confirm = ✅ Confirm order
btn-checkout-edit = ✏️ Change details
btn-field-name = 👤 Name
btn-field-phone = 📱 Phone
btn-field-city = 🏙 City
btn-field-address = 🏠 Address
btn-field-comment = 💬 Comment

## Main menu and help

home-greeting = Hello! 👋 Welcome to { $shop }.
    Clothing, shoes and accessories delivered to you. Pay on delivery: try things on and refuse what doesn't fit.

    Pick a section or just type what you are looking for.
home-menu = { $shop } main menu. What shall we look at?
start-bad-link = The link you followed doesn't open — it may be out of date.
start-linked-greeting = Hello! 👋 Welcome to { $shop }. Here is what you were looking for:
help-text = ❓ How to buy at { $shop }
    1. Open 🗂 Catalog or type what you are looking for. The catalog is in Russian: try "ботинки" (boots), "платье" (dress) or "куртка" (jacket).
    2. On a product card, tap a size — the item goes into your cart.
    3. In 🛒 Cart, tap "Place order" and answer five questions: name, phone, city, address, comment.

    💵 Pay on delivery — cash or card to the courier.
    👗 Try things on and refuse what doesn't fit — you pay nothing for it.
    🚚 The seller will tell you the delivery cost and date when confirming the order.

    Commands:
    /start — main menu
    /catalog — catalog
    /cart — cart
    /orders — my orders
    /search text — search
    /ask — ask the seller
    /cancel — cancel placing an order
    /mydata — my data
    /forget — erase my data
    /help — this help

## Catalog

catalog-title-root = 🗂 Catalog. Choose a section:
catalog-title-category = 🗂 { $name }
catalog-line-category = 📁 { $name } — { items-count }
catalog-line-product = • { $name } — { $price }
catalog-line-product-sold-out = • { $name } — out of stock
catalog-empty = The catalog is empty for now — please check back a little later.
category-gone = This section no longer exists.
product-sold-out-short = Out of stock
btn-open-card = 👁 Details
carousel-footer = Swipe the cards ↔️ or choose below:
product-button = { $name } · { $price }
product-gone = 😔 This item is no longer sold. Have a look at others in the catalog.
product-gone-link = 😔 The item from this link is no longer sold.
product-price = 💰 { $price }
product-param = { $name }: { $value }
product-sizes = Sizes in stock: { $sizes }
product-in-stock = ✅ In stock
product-sold-out = 😔 Out of stock right now.
product-choose-size = 👇 Tap a size to put it in your cart.
add-sold-out = Just sold out: { $name }{ $size }. Please choose another size.
add-limit = { $name }{ $size }: only { $stock } in stock, and your cart already has them all.

## Search

search-prompt = 🔎 Type what you are looking for. The catalog is in Russian: try "кроссовки" (sneakers), "куртка" (jacket) or "платье" (dress).
search-found = 🔎 Found for "{ $query }": { items-count }
search-nothing = 🔎 Nothing found for "{ $query }". Try another word or have a look at the catalog.

## Cart

cart-title = 🛒 Cart
cart-line = { $index }. { $name }{ $size } — { $quantity } × { $price } = { $sum }
cart-total = Total: { items-count } for { $total }
cart-hint = Tap an item to change its quantity or remove it.
cart-empty = 🛒 Your cart is empty. Have a look at the catalog — there's a lot to like.
cart-added = ✅ Added to cart: { $name }{ $size }{ $quantity ->
        [1] {""}
       *[other] {" "}(now { $quantity })
    }.
    Your cart: { items-count } for { $total }.
cart-item = { $name }{ $size }
    { $quantity } × { $price } = { $sum }
    In stock: { $stock }
cart-removed = 🗑 Removed from the cart: { $name }.
cart-note-gone = { $name } is no longer sold — removed from your cart.
cart-note-sold-out = Sold out: { $name }{ $size } — removed from your cart.
cart-note-sold-out-other-sizes = Sold out: { $name }{ $size } — removed from your cart. Sizes left: { $sizes }.
cart-note-reduced = { $name }{ $size }: only { $stock } left — your cart now has that many.
cart-note-price = Price changed: { $name } — was { $old }, now { $price }.

## Checkout

checkout-empty-cart = 🛒 Your cart is empty — nothing to order yet. Pick something in the catalog.
checkout-reuse = 🚚 Deliver to the same place as last time?
    { $name }, { $phone }
    { $city }, { $address }
checkout-ask-name = Step { $step } of { $steps }. 👤 Who will receive the order? Type their first and last name.
checkout-ask-phone = Step { $step } of { $steps }. 📱 Phone for the courier: tap "Share my number" below or type the number, for example +7 912 345-67-89.
checkout-ask-phone-typed = Step { $step } of { $steps }. 📱 Phone for the courier: type the number, for example +7 912 345-67-89.
checkout-ask-city = Step { $step } of { $steps }. 🏙 Which city should we deliver to?
checkout-ask-address = Step { $step } of { $steps }. 🏠 Address: street, building, flat (and postcode if you know it).
checkout-ask-comment = Step { $step } of { $steps }. 💬 A comment on the order — for example, a convenient delivery time. Nothing to add? Tap "Skip".
checkout-error-name = Please type the recipient's name in letters — for example, Anna Ivanova.
checkout-error-city = Please type the name of the city in letters — for example, Kazan.
checkout-error-address = Please give a fuller address: street, building and flat.
checkout-error-too-long = That's too long: { $length } { $length ->
        [one] character
       *[other] characters
    }, and the limit is { $max }. Please shorten it.
checkout-comment-shortened = The comment was longer than { $max } characters — we kept the first { $max }.
checkout-text-please = Please answer with text.
phone-error-not-a-number = That doesn't look like a phone number. Please type digits, for example +7 912 345-67-89.
phone-error-too-short = The number is missing digits. Please type it in full, for example +7 912 345-67-89.
phone-error-too-long = The number has too many digits. Please check it and type it again, for example +7 912 345-67-89.
phone-error-invalid = No such number exists — please check the code and digits. For example: +7 912 345-67-89.
checkout-phone-saved = ✅ Phone: { $phone }
checkout-summary-title = 📝 Please check your order:
checkout-edit-which = ✏️ What would you like to change?
checkout-summary-delivery = 🚚 Recipient: { $name }, { $phone }
    📍 { $city }, { $address }
checkout-summary-comment = 💬 { $comment }
checkout-terms = 💵 Pay on delivery — cash or card to the courier.
    👗 Try things on and refuse what doesn't fit — you pay nothing for it.
    🚚 The order ships from the warehouse; we'll send the tracking number here as soon as it leaves.
checkout-changed = Something changed while you were placing the order. Please check and confirm again.
checkout-cancelled = Checkout cancelled. Your items are still in the cart.
checkout-already-placed = ✅ Order #{ $number } is already placed — no need to tap again.

## Orders

order-placed = 🎉 Thank you! Order #{ $number } is placed: { items-count } for { $total }.
    💵 Pay on delivery; you can try things on and refuse.
    The seller will check and confirm it, and we'll keep you posted here at every step. Track it in "My orders".
order-placed-timing = 🚚 Orders usually arrive { $min }–{ $max } { $max ->
    [one] day
   *[other] days
    } after confirmation; we'll send the tracking number here.
orders-title = 📦 My orders
orders-empty = 📦 You have no orders yet. A good time to pick something!
orders-line = #{ $number }, placed on { $date } — { $total } — { $status }
order-title = 📦 Order #{ $number }, placed on { $date }
    Status: { $status }
order-total = Total: { $total }, pay on delivery
order-history = 🕓 History:
    { $lines }
order-history-line = { $date } — { $status }{ $note }
order-status-new = 🆕 received, awaiting the seller's confirmation
order-status-confirmed = ✅ confirmed
order-status-sent = 📤 being prepared
order-status-accepted = 🏬 being packed
order-status-packed = 📦 packed
order-status-shipped = 🚚 on its way
order-status-delivered = 🎉 delivered
order-status-refused = ↩️ refused on delivery
order-status-returned = ↩️ returned to the warehouse
order-status-cancelled = ✖️ cancelled
order-status-needs_attention = ⚠️ your choice needed: out of stock

## Telegram: command menu

command-start = Main menu
command-catalog = Catalog
command-cart = Cart
command-orders = My orders
command-help = How to buy
command-cancel = Cancel checkout

## Console chat

console-intro = Sarafan — a local chat with the shop { $shop }. Type as in a messenger; press a button by typing its number. Here you are the buyer, the franchisor (/admin) and the warehouse at once: place an order, and the seller's notice and the warehouse card arrive here too, so you can take the order all the way to delivery. /exit to quit.
console-photo = [photo: { $url }]
console-document = 📎 File { $file }:
console-link = [link: { $url }]
console-prompt = you>
console-no-button = There is no button number { $number }.

## Catalog import

import-report = Catalog updated: { $added } new products, { $updated } changed, { $unchanged } unchanged, { $hidden } hidden (no longer in the feed). Categories in the feed: { $categories }.
import-rejected-title = Offers not loaded: { $count }
import-rejected-line = • { $offer }: { $reason }
import-rejected-more = …and { $count } more
import-reason-no-id = the offer has no id
import-reason-duplicate-id = the id repeats — only the first offer was loaded
import-reason-no-name = no name
import-reason-no-price = no price
import-reason-bad-price = invalid price "{ $detail }"
import-reason-currency = currency "{ $detail }" — only RUB and RUR are accepted
import-error-malformed = Feed not loaded: XML error at line { $line }, column { $column } ({ $message }). The catalog is unchanged.
import-error-encoding = Feed not loaded: the text cannot be read as { $encoding }. Declare the right encoding in <?xml … encoding="…"?>. The catalog is unchanged.
import-error-empty = Feed not loaded: it has no usable offers. The catalog is unchanged.
import-error-download = Feed not loaded: it could not be opened ({ $message }). The catalog is unchanged.
import-error-csv = File not loaded: CSV error at line { $line } ({ $message }). The catalog is unchanged.
import-usage = Usage: npm run catalog:import -- <file or https://feed address> [--csv]

## Storefront staff

# Words staff may type as command arguments, comma-separated.
word-reset = reset
word-on = on, yes
word-off = off, no
admin-role-hq = franchisor
admin-role-owner = owner
admin-role-manager = manager
admin-title = 🛠 Managing { $shop } (you are the { $role })
admin-settings = Markup: { $markup }. Auto-confirm orders: { $autoconfirm }.
admin-markup-recommended = the franchisor's recommended prices
admin-on = on
admin-off = off
admin-help = Commands:
    /orders — the shop's orders
    /order 1001 — an order by number
    /find sneakers — find a product (by name, SKU or #number)
    /price 12 4990 — your own price for product #12 (/price 12 reset — back to recommended)
    /markup 80 — the shop's markup, 80% over wholesale (/markup reset)
    /hide 12, /show 12 — hide or show a product
    /top 12 — mark a bestseller (bestsellers are listed first)
    /desc 12 Text — your own description of a product (/desc 12 reset)
    /photo 12 — your own photo of a product: send the photo after the command (/photo 12 reset)
    /cats — categories; /hidecat 5, /showcat 5 — hide or show a whole category
    /autoconfirm on — confirm orders automatically (/autoconfirm off)
    /connect telegram TOKEN — connect your own bot from @BotFather
    /connect vk COMMUNITY_ID TOKEN — connect your own VK community
    /connect max TOKEN — connect your own MAX bot
    /earnings — this month's earnings (/earnings 2026-10 for October, /earnings csv as a file)
admin-help-hq = Franchise:
    /shops — the network's shops
    /newshop Name — a new shop and an invite code for its franchisee
    /invite 3 — another code for shop #3 (/invite 3 manager — for a manager)
    /rules 100 30 — the network's recommended and minimum markup, %
    /import https://… — load the warehouse feed (YML or CSV)
    /pause 3, /resume 3 — pause or resume shop #3
btn-admin-orders = 📦 Orders
btn-admin-find = 🔎 Products
admin-find-prompt = 🔎 Type /find and a name, SKU or product number. For example: /find sneakers
admin-find-title = Found for "{ $query }":
admin-find-nothing = Nothing in the catalog for "{ $query }".
admin-one-size = one size
admin-product-prices = Price in the shop: { $price } ({ $own }). Wholesale: { $wholesale }. Network minimum: { $minimum }.
admin-price-own = your price
admin-price-rule = by the markup rule
admin-product-state = Shown: { $visible }. Bestseller: { $top }.
admin-visible = yes
admin-hidden = hidden
admin-withdrawn = withdrawn by the warehouse
admin-top-yes = yes
admin-top-no = no
admin-stock = Stock: { $stock }
admin-product-commands = Price: /price { $id } 4990 · reset: /price { $id } reset
btn-admin-hide = 🙈 Hide
btn-admin-show = 👁 Show
btn-admin-top = ⭐ Make bestseller
btn-admin-untop = ☆ Not a bestseller
admin-done-hidden = 🙈 The product is hidden in your shop.
admin-done-shown = 👁 The product is shown to buyers again.
admin-done-price = ✅ New price: { $price }.
admin-done-price-reset = ✅ The price follows the markup rule again.
admin-price-too-low = ⚠️ { $price } is below the network minimum ({ $minimum }). The price is unchanged.
admin-usage-price = Like this: /price 12 4990 — the price of product #12 in roubles. Or /price 12 reset.
admin-usage-markup = Like this: /markup 80 — 80% over wholesale. Or /markup reset.
admin-markup-too-low = ⚠️ A { $markup }% markup is below the network minimum ({ $minimum }%). Unchanged.
admin-done-markup = ✅ The shop's markup: { $markup }%.
admin-done-markup-reset = ✅ Back to the franchisor's recommended prices.
admin-categories-title = 🗂 Catalog categories:
admin-categories-help = Hide a whole category: /hidecat 5, show it: /showcat 5
admin-usage-category = Like this: /hidecat 5 — a category number from /cats.
admin-done-category-hidden = 🙈 The category "{ $name }" is hidden with everything in it.
admin-done-category-shown = 👁 The category "{ $name }" is visible again.
admin-usage-autoconfirm = Like this: /autoconfirm on or /autoconfirm off.
admin-done-autoconfirm-on = ✅ New orders will be confirmed automatically.
admin-done-autoconfirm-off = ✅ New orders wait for your confirmation again.
admin-filter-active = in progress
admin-filter-new = new
admin-filter-done = delivered
admin-filter-closed = cancelled and refused
btn-admin-filter-active = 📋 In progress
btn-admin-filter-new = 🆕 New
btn-admin-filter-done = 🎉 Delivered
btn-admin-filter-closed = ✖️ Cancelled
admin-orders-title = 📦 Orders — { $filter } ({ $count })
admin-orders-none = No such orders.
admin-order-line = #{ $number } · { $date } · { $total } · { $name } · { $status }
btn-admin-order = #{ $number } · { $total }
admin-order-unknown = Your shop has no order "{ $number }".
admin-order-title = 📦 Order #{ $number }, placed on { $date } — { $status }
admin-order-total = Total: { $total }, pay on delivery
admin-order-buyer = 👤 { $name }, { $phone } ({ $channel })
    📍 { $city }, { $address }
admin-channel-telegram = Telegram
admin-channel-vk = VK
admin-channel-console = console
admin-status-new = 🆕 new
admin-status-confirmed = ✅ confirmed
admin-status-sent = 📤 sent to the warehouse
admin-status-accepted = 🏬 accepted by the warehouse
admin-status-packed = 📦 packed
admin-status-shipped = 🚚 shipped
admin-status-delivered = 🎉 delivered and paid
admin-status-refused = ↩️ refused on delivery
admin-status-returned = ↩️ returned to the warehouse
admin-status-cancelled = ✖️ cancelled
admin-status-needs_attention = ⚠️ needs help: the warehouse cannot fill it
btn-admin-confirm = ✅ Confirm
btn-admin-cancel = ✖️ Cancel
btn-admin-contact = 💬 Message the buyer
btn-admin-open-order = 📦 Open the order
admin-done-confirmed = ✅ Order confirmed and on its way to the warehouse; the buyer will get a message.
admin-done-cancelled = ✖️ Order cancelled, its items are back on sale; the buyer will get a message.
admin-order-warehouse = 🏬 Number for the warehouse: { $id }
admin-order-tracking = 🚚 { $carrier }, tracking number { $tracking }
admin-handoff-waiting = ⏳ The warehouse isn't answering yet — the order hasn't reached it. We keep retrying (attempts: { $attempts }, next at { $next }; error: { $error }). Nothing to do; if it hasn't gone through within a day, tell the franchisor.
admin-handoff-blocked = ⛔ The warehouse is refusing our requests: the signature does not match. The order is saved and waiting. Tell the franchisor; once it is fixed, tap "Send to the warehouse again".
admin-handoff-failed = ⚠️ The warehouse didn't take the order. Its answer: "{ $error }". The address and phone can't be edited: if they are the problem, contact the buyer, cancel the order and ask them to order again. If the warehouse has fixed it on its side, tap "Send to the warehouse again".
btn-admin-handoff-retry = 🔁 Send to the warehouse again
admin-handoff-retried = 🔁 The order is queued for the warehouse again.
admin-handoff-not-retried = Nothing to resend: the order has already reached the warehouse or is not waiting for it.
admin-order-cannot = ⚠️ Not possible: the order is already "{ $status }".
admin-cancel-ask = Why is order #{ $number } cancelled? Pick a reason or type your own — the buyer will see it.
admin-reason-stock = The item is out of stock
admin-reason-buyer = The buyer changed their mind
admin-reason-unreachable = We could not reach the buyer
admin-new-order = 🔔 New order #{ $number } for { $total }
    👤 { $name }, { $phone }, { $city }
order-update-title = 📦 Order #{ $number }
order-update-confirmed = ✅ The seller confirmed your order; we're passing it to the warehouse.
order-update-accepted = 🏬 The warehouse has your order and is picking it.
order-update-packed = 📦 Your order is packed and will be on its way soon.
order-update-shipped = 🚚 Your order has been handed to the courier.
order-update-carrier = Carrier: { $carrier }
order-update-tracking = Tracking number: { $tracking }
order-update-pay = 💵 Pay on delivery: { $total }. You can try it on and refuse.
order-update-delivered = 🎉 Delivered — thank you for your purchase! We'd love to see you again.
order-update-refused = ↩️ You refused the order on delivery — there's nothing to pay. If the size was wrong, we'll find another: have a look at the catalog.
order-update-returned = ↩️ The order is back at the warehouse.
order-update-cancelled = ✖️ The order is cancelled. There's nothing to pay.
order-update-reason = Reason: { $reason }
order-update-needs_attention = ⚠️ Out of stock at the warehouse: { $items }.
    Pick another size and the order goes back to the warehouse. Similar items below are ordered separately. Or cancel this order.
order-update-item-size = { $name }, size { $size }
btn-open-order = 📦 Open the order
btn-swap-size = Size { $size }
btn-cancel-my-order = ✖️ Cancel the order
btn-cancel-yes = Yes, cancel
btn-cancel-no = No, keep it
order-swap-done = ✅ Changed to size { $size } and sent the order to the warehouse again.
order-swap-gone = 😔 That size has just run out. Pick another one or cancel the order.
order-swap-too-late = This order no longer waits for a change — here is where it is now.
order-cancel-ask = Cancel order #{ $number }? There's nothing to pay; the items go back on sale.
order-cancel-done = ✖️ The order is cancelled. The seller has been told.
order-cancel-too-late = The warehouse is already working on this order, so you can't cancel it yourself. Message the seller — they can cancel it until the parcel ships. If it's already on its way, just refuse it on delivery; there's nothing to pay.
order-cancel-by-buyer-note = at the buyer's request
staff-notice-needs_attention = ⚠️ Order #{ $number } ({ $name }, { $phone }): out of stock — { $items }. The buyer was offered other sizes and similar items. If they don't answer, get in touch; if the warehouse was wrong, open the order and send it to the warehouse again.
staff-notice-refused = ↩️ Order #{ $number }: the buyer refused it on delivery.
staff-notice-cancelled_by_warehouse = ✖️ The warehouse cancelled order #{ $number }. The buyer has been told.
staff-notice-cancelled_by_buyer = ✖️ The buyer cancelled order #{ $number }.
staff-notice-cancel_too_late = ⚠️ Order #{ $number } has already shipped: the warehouse could not cancel it. The buyer can refuse it on delivery.
staff-notice-stale = ⏳ No news on order #{ $number } for { $hours } h (status: { $status }). Open the order: if the warehouse has it, ask the warehouse what is happening; if it is waiting for you, decide what to do.
staff-notice-handoff_rejected = ⚠️ The warehouse didn't take order #{ $number }. Open the order to see the warehouse's answer and what to do next.
order-update-needs_attention-none = ⚠️ Out of stock at the warehouse: { $items }.
    No other sizes are available right now. You can ask the seller about a replacement or cancel the order — there is nothing to pay.
order-update-cancel-too-late = ⚠️ The order left the warehouse before it could be cancelled. When the courier brings it, just refuse it — there is nothing to pay.
staff-notice-swapped = 🔁 Order #{ $number }: the buyer picked a replacement ({ $change }); the order went back to the warehouse.
staff-notice-unconfirmed = 🔔 Order #{ $number } ({ $name }, { $phone }) has been waiting for your confirmation for over an hour. The buyer is waiting — confirm or cancel it.
history-note-skipped = the warehouse reported the next stage directly
history-note-resent = sent to the warehouse again
history-note-out-of-stock = out of stock: { $items }
history-note-offer = SKU { $offer }
history-note-swap = size changed: { $from } → { $to }
admin-order-warehouse-own = 🏬 Number for the warehouse: { $id } (the warehouse's own: { $own })
admin-orders-more = Open another order with /order and its number, e.g. /order { $number }
staff-notice-reason = Reason: { $reason }
staff-notice-return-fee = Return fee: { $fee }.
order-placed-confirmed = 🎉 Thank you! Order #{ $number } is placed and confirmed: { items-count } for { $total }.
    💵 Pay on delivery; you can try things on and refuse.
    We're passing it to the warehouse and will keep you posted here at every step. Track it in "My orders".

## Franchisor

hq-usage-newshop = Like this: /newshop Shop name (2 to 64 characters).
hq-done-newshop = ✅ Shop "{ $name }" (#{ $id }) created: the whole network catalog at recommended prices.
    Invite code for its owner: { $code }
    The franchisee sends the bot: /join { $code }
hq-usage-invite = Like this: /invite 3 — a shop number from /shops (add manager for a manager's code).
hq-invite-own-owner = The franchisor's shop has no owner: it is run by the franchisors in HQ_ADMINS. A code for a manager: /invite { $shop } manager
hq-done-invite = ✅ Code for "{ $name }" ({ $role }): { $code }. Send the bot: /join { $code }
hq-shops-title = 🏬 The network's shops:
hq-usage-rules = Like this: /rules 100 30 — recommended and minimum markup in %, the minimum not above the recommended.
hq-done-rules = ✅ Network price rules: recommended markup { $recommended }%, minimum { $minimum }%.
hq-usage-import = Like this: /import https://feed-address — YML or CSV.
hq-import-started = ⏳ Loading the feed… I'll send the report when it's done.
join-usage = Like this: /join CODE — the invite code from the franchisor.
join-unknown = There is no such invite code. Check the letters and digits or ask the franchisor for a new one.
join-used = This code has already been used. Ask the franchisor for a new one.
join-done = ✅ Done: you are the { $role } of "{ $name }". Staff commands are in /admin.

## Asking the seller

btn-ask = 💬 Ask the seller
btn-ask-end = ✖️ End the conversation
btn-ask-again = 💬 Reply to the seller
ask-prompt = 💬 Write your question to the seller of { $shop } — about sizes, stock, delivery. The answer will come here.
ask-sent = ✅ Passed to the seller. The answer will come to this chat. You can write more.
ask-ended = All right! If questions come up, "💬 Ask the seller" is in the menu.
ask-to-staff = 💬 Question from { $name } ({ $channel }):
    { $text }
ask-context-cart = 🛒 In the cart: { $items } — { $total }
ask-context-order = 📦 Last order: #{ $number }, { $status }
ask-reminder = ⏰ { $name } has been waiting for an answer for { $minutes } min.
btn-admin-reply = ↩️ Reply
btn-admin-reply-cancel = ✖️ Don't reply
reply-prompt = ✍️ Write your answer to { $name } — I'll pass it on.
seller-says = 💬 The seller of { $shop }:
    { $text }
reply-sent = ✅ The answer was sent to the buyer.
reply-time = First answer after { $minutes } min.

## Connecting own bots

connect-usage = Like this: /connect telegram TOKEN — the bot token from @BotFather. Or /connect vk COMMUNITY_ID TOKEN — the community token (Manage → API usage). Or /connect max TOKEN — the MAX bot token (business.max.ru → Chat bots → Integration).
connect-which = You own several shops: { $shops }. Give the number: /connect 3 telegram TOKEN
connect-unavailable = Connecting bots from chat is not available here. Please contact the franchisor.
connect-checking = ⏳ Checking the token… I'll answer in a few seconds. Tip: delete the message with the token from this chat.
connect-telegram-refused = ❌ Telegram did not accept this token. Copy it again in @BotFather (/mybots → API Token) and send it once more.
connect-telegram-done = ✅ The bot { $bot } is connected to "{ $shop }" and already answers buyers.
connect-vk-refused = ❌ VK did not accept this token for this community. Check the community number and the token's rights (messages, photos).
connect-vk-done = ✅ The community "{ $community }" is connected to "{ $shop }" and already answers buyers.
hq-usage-pause = Like this: /pause 3 or /resume 3 — a shop number from /shops.
hq-pause-own = The franchisor's own shop cannot be paused.
hq-done-paused = ⏸ "{ $name }" is paused: its bots do not answer.
hq-done-resumed = ▶️ "{ $name }" is open again.
hq-paused-mark = ⏸ paused
admin-usage-desc = Like this: /desc 12 Soft suede, true to size. Or /desc 12 reset.
admin-done-desc = ✅ The description is now yours.
admin-done-desc-reset = ✅ Back to the warehouse description.
admin-usage-photo = Like this: /photo 12 — then send the photo. Or /photo 12 reset.
admin-photo-prompt = 📷 Send the photo for product #{ $id } — it replaces the warehouse photo in your shop.
admin-done-photo = ✅ Photo replaced: buyers see yours.
admin-done-photo-reset = ✅ Back to the warehouse photo.
help-staff = 🛠 You are the shop's staff: management commands with examples are in /admin.

## Warehouse (orders in the warehouse chat)

wh-card-title = 📦 Order { $id } of { $date } · shop "{ $shop }"
    Status: { $status }
wh-card-item = { $index }. { $name }, size { $size } (SKU { $offer }) — { $quantity } pcs
wh-card-recipient = 👤 { $name }, { $phone }
    📍 { $city }, { $address }
wh-card-comment = 💬 { $comment }
wh-card-cod = 💵 Cash on delivery: { $total }
wh-card-tracking = 🚚 { $carrier }, tracking number { $tracking }
wh-cancelled = ❌ Order { $id } ({ $name }, { $city }) is cancelled — do not pick or ship it. If it has already gone, tell the franchisor.
wh-done = ✅ { $id } ({ $name }): { $status }.
wh-already = ℹ️ Already recorded — order { $id } is "{ $status }".
wh-unknown-order = There is no such order.
wh-ask-tracking = 🚚 Order { $id } ({ $name }, { $city }): reply to this message with the carrier and tracking number, e.g. CDEK 1234567890
wh-tracking-bad = I couldn't read a tracking number for order { $id }. Send the carrier and the number, e.g. CDEK 1234567890 — or tap "No tracking number".
btn-wh-accepted = 🏬 Taken for picking
btn-wh-packed = 📦 Packed
btn-wh-shipped = 🚚 Shipped
btn-wh-delivered = 💵 Delivered and paid
btn-wh-refused = ↩️ Refused on delivery
btn-wh-returned = 📥 Back at the warehouse
btn-wh-out_of_stock = ⚠️ Out of stock
btn-wh-shipped-untracked = 🚚 No tracking number
btn-wh-oos-done = ✅ Done
wh-oos-none-picked = No item is ticked yet.
wh-oos-which = ⚠️ Order { $id }: what is missing? Tick each missing item, then tap "Done".
btn-wh-card = ↩️ Back to the order
btn-wh-yes = ✅ Yes, mark it
wh-confirm-out_of_stock = out of stock (the buyer will be offered a replacement)
wh-confirm-refused = refused by the buyer on delivery
wh-confirm-delivered = delivered and paid (cash collected)
wh-confirm = Mark order { $id } as { $what }? This can't be undone from the chat.
wh-is-cancelled = ⛔ Order { $id } is cancelled — do not ship it.
wh-status-needs_attention = ⚠️ out of stock — waiting for the buyer's choice
wh-status-cancelled = ❌ cancelled — do not ship
wh-status-returned = 📥 back at the warehouse
wh-status-refused = ↩️ refused on delivery — return expected
wh-status-delivered = 💵 delivered and paid
wh-status-shipped = 🚚 shipped
wh-status-packed = 📦 packed — waiting to ship
wh-status-accepted = 🏬 being picked
wh-status-sent = 🆕 new — please pick
wh-status-confirmed = 🆕 new — please pick
wh-status-new = 🆕 waiting for the seller to confirm
wh-card-item-plain = { $index }. { $name } (SKU { $offer }) — { $quantity } pcs
wh-card-resent = 🔁 Sent again: the buyer replaced an item. Do not pick the earlier card of this order.

## Earnings

btn-admin-earnings = 💰 Earnings
btn-earnings-csv = 📄 Export CSV
earnings-network-rate = { $rate }% bought on delivery
earnings-network-rate-none = nothing to count yet
btn-earnings-month-next = { $period } 📅
btn-earnings-month = 📅 { $period }
earnings-title = 💰 Earnings for { $period } — "{ $shop }"
earnings-delivered = Delivered and paid: { $count } { $count ->
    [one] order
   *[other] orders
} for { $sales }
earnings-wholesale = Wholesale cost (franchisor): { $amount }
earnings-royalty = Royalty (franchisor): { $amount }
earnings-return-fees = Return fees: { $amount }
earnings-margin = 💚 Your earnings: { $amount }
earnings-refused = Refused on delivery: { $count }
earnings-buyout = Bought on delivery: { $rate }% (paid rather than refused)
earnings-buyout-none = Bought on delivery: no deliveries or refusals yet
earnings-pending = 🚚 Still on the way: { $count } { $count ->
    [one] order
   *[other] orders
    }, { $cash } to collect
earnings-network-title = 💰 Network for { $period }
earnings-network-line = "{ $shop }": { $count } delivered, sales { $sales }, royalty { $royalty }, { $rate }
earnings-network-total = Total: sales { $sales }, wholesale { $wholesale }, royalty { $royalty }
earnings-csv-sent = 📄 The report is attached: { $file }
earnings-bad-period = I couldn't read the period. Examples: /earnings — this month, /earnings 2026-10 — October 2026, /earnings 2026-10 csv — as a file.
csv-date = Date
csv-order = Order
csv-outcome = Outcome
csv-outcome-delivered = delivered
csv-outcome-refused = refused
csv-cod = Cash collected, RUB
csv-wholesale = Wholesale, RUB
csv-royalty = Royalty, RUB
csv-margin = Franchisee earnings, RUB
csv-return_fee = Return fee, RUB
csv-shop = Shop
csv-delivered = Delivered
csv-refused = Refused
csv-buyout = Buyout, %
csv-sales = Sales, RUB
csv-return_fees = Return fees, RUB
csv-pending_cash = On the way, RUB

## issue17-authz

invite-valid-until = The code is valid until { $until }; after that, ask for a new one.
join-expired = This code has expired. Ask the franchisor for a new one.
join-throttled = Too many wrong codes. Try again in { $minutes } min.
admin-help-staff = Staff:
    /staff — who works in the shop, since when, and their numbers
    /revoke 12 — remove manager #12 (access ends at once)
admin-help-staff-manager = Staff:
    /staff — who works in the shop and since when
admin-help-hq-staff = Network staff:
    /staff — franchisors and the franchisor's shop staff; /staff 3 — the staff of shop #3
    /revoke 12 — remove an owner or manager of any shop; for a new owner — /invite 3
    Franchisors are HQ_ADMINS: an account not on the list at start is no longer a franchisor.
staff-title = 👥 Staff of "{ $shop }" (#{ $id }):
staff-line = #{ $id } · { $role } · { $who } · since { $since }
staff-none = Nobody yet.
staff-footer = To remove a manager: /revoke and their number, e.g. /revoke 12. The owner is changed by the franchisor.
staff-footer-hq = To remove: /revoke and the number, e.g. /revoke 12. A new owner — code /invite { $shop }. Franchisors are set by HQ_ADMINS.
staff-footer-hq-own = To remove a manager: /revoke and the number, e.g. /revoke 12. A new manager — code /invite { $shop } manager. The franchisor's shop has no owner: franchisors are set by HQ_ADMINS.
staff-footer-manager = Staff are added and removed by the shop's owner or the franchisor.
staff-usage = Like this: /staff — the staff of your shop.
staff-usage-hq = Like this: /staff — your shop, or /staff 3 — shop #3 from /shops.
staff-revoke-usage = Like this: /revoke 12 — the number from /staff.
staff-revoke-unknown = Staff member #{ $id } is not among those you can remove. Numbers are in /staff.
staff-revoke-hq = Franchisors are set by HQ_ADMINS: remove the account there and restart the bot.
staff-revoke-self = You cannot remove yourself. If the shop should change hands, write to the franchisor.
staff-revoke-owner = Only the franchisor can change the owner.
staff-revoke-not-allowed = Only the shop's owner or the franchisor can remove staff.
staff-revoked = ✅ #{ $id } { $who }, { $role }, is no longer staff of "{ $shop }". Their access ended at once.
staff-revoked-owner-next = The shop no longer has this owner. A code for the new one: /invite { $shop }
    If the shop has its own bot, its token is the former owner's: stop the bot with /pause { $shop } until the new owner connects theirs (/connect).

## issue17-secrets
backup-usage = Usage: npm run db:backup -- <backup file> [--force]
backup-done = Database backup written: { $path } ({ $pages } pages). Keep SECRETS_KEY apart from the backup.
backup-failed = Backup not written: { $reason }
backup-exists = { $path } already exists; the backup was not written. Add --force to replace it.
backup-no-folder = The folder { $path } does not exist; the backup was not written.

## issue17-http
import-error-scheme = Feed not loaded: only http:// and https:// links are accepted. The catalog is unchanged.
import-error-address = Feed not loaded: { $host } is on an internal network (localhost, private or reserved addresses); feeds cannot be loaded from there. The catalog is unchanged.
import-error-redirects = Feed not loaded: too many redirects (more than { $max }). The catalog is unchanged.
import-error-too-large = Feed not loaded: it is larger than { $mb } MB. The catalog is unchanged.

## issue17-pdata
# Consent to personal data processing (152-FZ). The notice's text may be changed: a changed text
# gets a new version, and buyers agree to it again at their next order.
pd-notice = 🔒 Before you order: your personal data
    What we keep: the recipient's name, phone, city and delivery address, the order comment, and your name in the messenger and your language.
    Why: to deliver your cash-on-delivery order and tell you how it is going.
    Who sees it: this shop, the franchisor of the network (who owns the catalog), the warehouse that packs the order and the delivery service.
    How to erase it: send /forget at any time; /mydata shows what is kept.
    By tapping "✅ I agree" you consent to this data being processed to deliver your order.
btn-pd-agree = ✅ I agree
btn-pd-decline = Not now
pd-agreed = ✅ Thank you, your consent is saved.
pd-declined = An order cannot be placed without consent to process your data: the name, phone and address are needed to deliver the parcel. Your cart is kept — come back when you are ready.
pd-erased = erased
mydata-title = 🔒 Your data at { $shop }
mydata-profile = 👤 Name in the messenger: { $name }
mydata-profile-none = 👤 Name in the messenger: not kept
mydata-locale = 🌐 Language: { $locale ->
    [en] English
   *[ru] Russian
    }
mydata-delivery = 📦 Saved delivery details:
    { $name }, { $phone }
    { $city }, { $address }
mydata-delivery-none = 📦 No saved delivery details.
mydata-consents-title = ✍️ Consents:
mydata-consent = • { $kind } — given { $date } ({ $source }), text version { $version }
mydata-consent-withdrawn = • { $kind } — given { $date } ({ $source }), text version { $version }, withdrawn { $withdrawn }
mydata-consents-none = ✍️ No consents.
mydata-kind-personal-data = to personal data processing
mydata-kind-promotions = to promotional messages
mydata-source-checkout = when placing an order
mydata-orders-title = 🧾 Orders and their delivery details:
mydata-order = No. { $number } of { $date } — { $status }, { $total }
    { $name }, { $phone }, { $city }, { $address }
mydata-order-comment = Comment: { $comment }
mydata-order-erased = No. { $number } of { $date } — { $status }, { $total }; personal data erased
mydata-orders-none = 🧾 No orders.
mydata-questions = 💬 Questions to the seller awaiting an answer: { $count }, the last asked { $date }
mydata-questions-none = 💬 No open questions to the seller.
mydata-footer = To erase your data, send /forget.
forget-ask = ⚠️ Erase your personal data at { $shop }?
    This erases: your messenger name, saved delivery details, an order being placed, questions to the seller, and the name, phone, address and comment on finished orders (amounts and items stay for accounting).
    This cannot be undone.
btn-forget-yes = 🗑 Yes, erase
forget-done = ✅ Your personal data is erased.
forget-open-orders = { $count ->
        [one] Order No. { $orders } is not finished yet: its name, phone and address are needed for delivery. They will be erased as soon as it is finished.
       *[other] Orders No. { $orders } are not finished yet: their name, phone and address are needed for delivery. They will be erased as soon as each order is finished.
    }
command-mydata = My data
command-forget = Erase my data

## issue18-maxwire
connect-max-refused = ❌ MAX did not accept this token. Copy the bot token again: business.max.ru → Chat bots → Integration.
connect-max-done = ✅ The MAX bot { $bot } is connected to "{ $shop }" and already answers buyers.
