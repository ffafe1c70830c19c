module example.com/mixedext

go 1.19
