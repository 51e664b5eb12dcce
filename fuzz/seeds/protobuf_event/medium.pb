
$d7fe9314-4eb8-44dd-a985-060406c0cb5d,https://shop.example.com/api/webhooks/orders1.0"com.example.shop.order.paid.v2*%
datacontenttypeapplication/json*D

dataschema6*4https://schemas.example.com/shop/order-event/v2.json*
subjectorders/ORD-4601048*
time:Ò∞€◊Ó€Æa*H
traceparent9700-c2d6ad519ee1c878b5806254f6844003-ba32c332e7abd85c-01*
tenantinitech-ap-south*
attempt:Ë{"order":{"id":"ORD-4601048","status":"paid","storefront":"Caf\u00e9 Example GmbH","currency":"EUR","customer":{"id":"C-32171","name":"Ana ≈Åukasiewicz","email":"customer77629@example.org","note":"Gift \u2014 \"no invoice\" in the box.\nThanks!"},"items":[{"sku":"SKU-37624","name":"Kettle gooseneck 1.2l","qty":3,"price":137.05,"tags":["coffee","bestseller"]},{"sku":"SKU-75688","name":"Grinder M√ºhle Pro 2","qty":2,"price":140.96,"tags":["accessories","new"]},{"sku":"SKU-93386","name":"Espresso cups \"Milano\" (set of 4)","qty":1,"price":96.41,"tags":["tea","bestseller"]},{"sku":"SKU-58848","name":"Caf\u00e9 Cr\u00e8me beans 1kg","qty":2,"price":81.07,"tags":["tea","fair-trade"]}],"total":951.62,"shipping":{"method":"standard","address":{"line1":"Rue de l\u2019√âglise 163","city":"Krak√≥w","zip":"28894","country":"DE"}},"flags":{"giftwrap":true,"coupon":null}}}