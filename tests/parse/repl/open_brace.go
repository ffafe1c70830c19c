func f() {
	if x {
