import ZZKVault
