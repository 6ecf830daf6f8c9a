#!/bin/sh
# scenario: a second address from a network outside the approved zones (TEST-NET-2) on the host's interface
# machine: vm
# expect-fail: host_address_in_zone
# verify: ip -4 -o address show | grep -q ' 198\.51\.100\.7/24 '
interface=$(ip -o link show | awk -F': ' '$2 != "lo" { print $2; exit }')
ip address add 198.51.100.7/24 dev "$interface"
