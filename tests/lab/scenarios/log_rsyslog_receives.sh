#!/bin/sh
# scenario: rsyslog accepts log messages from the network (imtcp input on the host's address)
# expect-fail: log_remote_input
# verify: grep -q 'input(type="imtcp"' /etc/rsyslog.d/50-lab-receive.conf
# verify: ss -Hltn "sport = :10515" | grep -q "$LAB_ADDRESS"
# Bound to the host's own address: the lab hosts share the machine's network stack.
cat > /etc/rsyslog.d/50-lab-receive.conf <<CONF
module(load="imtcp")
input(type="imtcp" port="10515" address="$LAB_ADDRESS")
CONF
