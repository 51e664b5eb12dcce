
$15cbc49e-1b3d-46b2-94a2-41529f4bd149)/sensors/lisbon/bldg-33/floor-03/room-1401.0"com.example.iot.airquality.v1*%
datacontenttypeapplication/json*
time:‰ëë€˜Îã*
deviceid	pm-850068*
seqnoý:C{"temperature":12.7,"humidity":30.1,"pressure":976.32,"battery":13}