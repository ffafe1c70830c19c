package helper

var X = 42

func Name() string { return "helper" }
