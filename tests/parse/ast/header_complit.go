package main

func f() {
	if p == (Point{}) {
	}
	for _, v := range []int{1} {
	}
	switch x := y.(type) {
	case *T:
	}
}
