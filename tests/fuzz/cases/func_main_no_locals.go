package main

// A function without locals: the checker sorted an empty (NULL) array (UBSan: qsort(NULL, 0)).
func main(x int) {
}
