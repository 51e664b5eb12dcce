
"evt/2023/"gamma"-9a347d7f8de2-ğŸš€(/queues/orders-v2/shard-43?region=eu&x=11.0"com.example.escaped."æ—¥æœ¬"/v1*%
datacontenttypeapplication/json*$
subjectpath\to\item 0 â†’ done*
time:êî§Ç«Á“*"
commentÃ©tÃ© "summer" â˜€ï¸*
delta®ÏÇûşÿÿÿÿ:¾{"message":"line one\nline two\t\"quoted\" \\ \u00e9\ud83d\ude00","path":"C:\\temp\\d4dc720b.log","html":"\u003cb\u003ebold\u003c/b\u003e \u0026amp;","control":"\b\f\r\u0000\u001f","n":-587}