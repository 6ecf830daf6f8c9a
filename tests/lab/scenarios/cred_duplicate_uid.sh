#!/bin/sh
# scenario: account alice2 shares alice's UID (a copied account)
# expect-fail: duplicate_ids
# verify: [ "$(id -u alice2)" = "$(id -u alice)" ]
useradd --create-home --shell /bin/bash alice
useradd --non-unique --uid "$(id -u alice)" --gid "$(id -g alice)" --no-create-home \
    --home-dir /home/alice --shell /usr/sbin/nologin alice2
