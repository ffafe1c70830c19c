package main

var a = []Point{{1, 2}, {X: 3}}
var m = map[string]T{"a": {1}}
var p = &T{}
