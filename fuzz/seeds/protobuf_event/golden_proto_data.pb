
p/s1.0"t*)
datacontenttypeapplication/protobuf*D

dataschema6*4https://type.googleapis.com/google.protobuf.DurationB:
4https://type.googleapis.com/google.protobuf.Duration