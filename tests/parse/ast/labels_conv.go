package main

func f() {
L:
	for {
		break L
	}
	_ = (*T).M
	_ = []byte(s)
	_ = func()(x)
	g(xs...)
}
