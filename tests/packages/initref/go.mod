module example.com/initref

go 1.19
