/* io_submit/io_cancel iocbs of every opcode class, NULL and unreadable entries (no AIO context: all fail). */
#define _GNU_SOURCE
#include <linux/aio_abi.h>
#include <string.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>
int main(void){
 char buf[64]="hello aio world, this is a longer buffer than 32 bytes";
 struct iovec iov[2]={{buf,5},{buf+6,3}};
 struct iocb cb[6]; memset(cb,0,sizeof cb);
 cb[0].aio_lio_opcode=IOCB_CMD_PWRITE; cb[0].aio_fildes=1; cb[0].aio_buf=(uintptr_t)buf; cb[0].aio_nbytes=40; cb[0].aio_offset=-1;
 cb[1].aio_lio_opcode=IOCB_CMD_FSYNC; cb[1].aio_fildes=2; cb[1].aio_data=0; cb[1].aio_reqprio=3; cb[1].aio_key=5;
 cb[2].aio_lio_opcode=IOCB_CMD_PREADV; cb[2].aio_fildes=0; cb[2].aio_buf=(uintptr_t)iov; cb[2].aio_nbytes=2;
 cb[3].aio_lio_opcode=IOCB_CMD_PWRITEV; cb[3].aio_fildes=0; cb[3].aio_buf=(uintptr_t)iov; cb[3].aio_nbytes=2; cb[3].aio_flags=1; cb[3].aio_resfd=9; cb[3].aio_rw_flags=4;
 cb[4].aio_lio_opcode=99; cb[4].aio_fildes=0; cb[4].aio_buf=7; cb[4].aio_nbytes=2;cb[4].aio_flags=2;
 cb[5].aio_lio_opcode=IOCB_CMD_POLL; cb[5].aio_fildes=0; cb[5].aio_buf=1; 
 struct iocb *p[8]={&cb[0],&cb[1],&cb[2],&cb[3],&cb[4],&cb[5],(void*)1,NULL};
 syscall(SYS_io_submit, 0, 8, p);
 syscall(SYS_io_cancel, 0, &cb[3], NULL);
 return 0;}
