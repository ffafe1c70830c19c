module example.com/onlytests

go 1.19
