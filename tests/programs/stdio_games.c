/* Takes its standard streams apart: writes to both, moves stdout onto the file argv[1]
 * (dup2), closes stderr and then stdout, and writes to each once more (EBADF).
 * stdout: "to stdout"; stderr: "to stderr"; the file: "to the file". */
#include <fcntl.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    (void)write(1, "to stdout\n", 10);
    (void)write(2, "to stderr\n", 10);
    int fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || dup2(fd, 1) != 1) return 1;
    close(fd);
    (void)write(1, "to the file\n", 12);
    close(2);
    if (write(2, "lost\n", 5) != -1) return 1;
    close(1);
    if (write(1, "lost\n", 5) != -1) return 1;
    close(0);
    return 0;
}
