module example.com/initloop

go 1.19
