package main

func helper() string { return fmt.Sprint(1) }
