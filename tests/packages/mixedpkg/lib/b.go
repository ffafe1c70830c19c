package other

var Y = 2
