
›
$9a3fef29-d6b6-4964-a5a5-7f4b83d2d80b'/sensors/lima/bldg-16/floor-04/room-1541.0"com.example.iot.climate.v1*%
datacontenttypeapplication/json*
time:ŠâÂÉø¶å½*
deviceid	th-164785*
seqnoÖ:C{"temperature":21.7,"humidity":35.8,"pressure":993.07,"battery":68}
™
$005dd8ca-99eb-461b-90a7-d4c3bbbec3cf(/sensors/osaka/bldg-24/floor-02/room-1611.0"com.example.iot.energy.v1*%
datacontenttypeapplication/json*
time:ûÕÒœðª–þ*
deviceid	th-141624*
seqnoÛ:A{"temperature":6.9,"humidity":27.4,"pressure":989.15,"battery":9}
œ
$b640ea13-369c-4171-811f-52c147ba7c64'/sensors/lima/bldg-20/floor-03/room-2151.0"com.example.iot.energy.v1*%
datacontenttypeapplication/json*
time:¦”áñ¸²Ì7*
deviceid
co2-810443*
seqno‡:E{"temperature":18.37,"humidity":22.8,"pressure":1016.56,"battery":61}