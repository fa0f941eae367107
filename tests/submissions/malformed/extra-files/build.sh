#!/bin/sh
touch /tmp/ipcgrade-catalogue-build-script-ran
gcc -o shm_msg shm_msg.c -lrt
