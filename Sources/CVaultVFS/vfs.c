#include "zzk_vfs.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

static sqlite3_vfs zzk_vfs;
static sqlite3_vfs *unix_vfs;
static int register_status = SQLITE_ERROR;
static pthread_once_t register_once = PTHREAD_ONCE_INIT;
/* A WAL file starts with a 32-byte header, written (and synced) with the first commit into it. */
enum { WAL_HEADER_BYTES = 32 };

/* fsync the folder that holds `path` (a full path, as SQLite passes it). Best effort, as SQLite
   itself syncs a journal's folder: a folder that cannot be opened or synced (some file systems
   refuse fsync on a directory) does not fail the open. */
static void sync_folder_of(const char *path) {
    const char *slash = strrchr(path, '/');
    if (slash == NULL) return;
    size_t length = slash == path ? 1 : (size_t)(slash - path);
    char folder[4096];
    if (length >= sizeof folder) return;
    memcpy(folder, path, length);
    folder[length] = '\0';
    int fd;
    do { fd = open(folder, O_RDONLY | O_CLOEXEC); } while (fd < 0 && errno == EINTR);
    if (fd < 0) return;
    while (fsync(fd) != 0 && errno == EINTR) {}
    close(fd);
}

/* SQLite calls xClose on a file whose pMethods is set, even after a failed xOpen. */
static void close_if_open(sqlite3_file *file) {
    if (file->pMethods != NULL) {
        file->pMethods->xClose(file);
        file->pMethods = NULL;
    }
}

static int zzk_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out) {
    (void)vfs;
    if (name == NULL || (flags & SQLITE_OPEN_WAL) == 0 || (flags & SQLITE_OPEN_CREATE) == 0) {
        return unix_vfs->xOpen(unix_vfs, name, file, flags, out);
    }
    /* The WAL exists: open it as it is, so SQLite does not sync the folder for it. */
    if (access(name, F_OK) == 0) {
        int status = unix_vfs->xOpen(unix_vfs, name, file, flags & ~SQLITE_OPEN_CREATE, out);
        if (status == SQLITE_OK) {
            /* No WAL header yet: nothing was ever committed into it, so whoever created it may
               not have synced its folder (a program that only read, a process killed between
               the creation and the sync, a race with another creator). Sync it now, before
               this connection commits into it. A WAL with a header had its folder synced by
               the connection that wrote the header (SQLite's unix VFS, at its first sync) or
               by this VFS. */
            sqlite3_int64 size = 0;
            if (file->pMethods->xFileSize(file, &size) != SQLITE_OK || size < WAL_HEADER_BYTES) {
                sync_folder_of(name);
            }
            return SQLITE_OK;
        }
        close_if_open(file);
        /* Removed since (a checkpoint of another program): created below like a new one. */
    }
    /* It does not: create it as SQLite would, then make its directory entry durable before
       anything is written into it. */
    int status = unix_vfs->xOpen(unix_vfs, name, file, flags, out);
    if (status != SQLITE_OK) return status;
    sync_folder_of(name);
    return SQLITE_OK;
}

static void register_vfs(void) {
    unix_vfs = sqlite3_vfs_find("unix");
    if (unix_vfs == NULL) {
        register_status = SQLITE_NOTFOUND;
        return;
    }
    zzk_vfs = *unix_vfs;
    zzk_vfs.zName = "zzk-unix";
    zzk_vfs.pNext = NULL;
    zzk_vfs.xOpen = zzk_open;
    register_status = sqlite3_vfs_register(&zzk_vfs, 1);
}

int zzk_vfs_register(void) {
    pthread_once(&register_once, register_vfs);
    return register_status;
}
