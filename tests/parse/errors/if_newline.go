package main

func main() {
	if x
	{
	}
}
