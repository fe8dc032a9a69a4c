#ifndef CSQLITECONFIG_SHIM_H
#define CSQLITECONFIG_SHIM_H
#include <sqlite3.h>

/* Closing the last connection leaves the write-ahead log as it is instead of copying it into
   the database file (one fsync of each, and the WAL file deleted, so the next command creates
   it again and fsyncs the folder). The automatic checkpoint by size is off too: the vault
   empties a log past 1 MiB after a commit (VaultDatabase.checkpointIfLarge).
   sqlite3_db_config is variadic, so Swift calls it through this wrapper. Returns SQLITE_OK
   when the setting took effect. */
static inline int zzk_no_checkpoint_on_close(sqlite3 *db) {
    int set = 0;
    int status = sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, &set);
    return status == SQLITE_OK && set == 1 ? SQLITE_OK : SQLITE_ERROR;
}
#endif
