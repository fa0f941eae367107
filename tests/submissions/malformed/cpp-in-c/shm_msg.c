// shm_msg.c - written in C++ by mistake (iostream, std::cout) but named .c
#include <iostream>
#include <cstring>

int main(int argc, char *argv[])
{
	if (argc < 2) {
		std::cout << "Usage: " << argv[0] << " create | remove | receive | send " << std::endl;
		return 1;
	}
	std::cout << "Shared Memory Region successfully created" << std::endl;
	return 0;
}
