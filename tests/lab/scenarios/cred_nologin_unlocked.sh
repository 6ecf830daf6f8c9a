#!/bin/sh
# scenario: the www-data service account (shell nologin) has a usable password
# expect-fail: nologin_accounts
# verify: getent shadow www-data | cut -d: -f2 | grep -q '^\$6\$'
usermod --password '$6$labsalt1$dLmh3leuqfNs62fGBP1CiFk9XGnN/TxvNV89EQmakLR14KQA8JeI85jZFORFg.4ai7N3SwGZef13bIO8vaV4R/' www-data
