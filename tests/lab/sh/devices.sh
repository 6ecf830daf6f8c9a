# Shell function (sourced): populate a fresh /dev under the directory given as $1.
# Used both when entering an image at build time and when a host boots.

lab_populate_dev() {
    dev=$1
    mount -t tmpfs -o mode=0755,nosuid,size=1m lab-dev "$dev"
    for spec in null:1:3 zero:1:5 full:1:7 random:1:8 urandom:1:9 tty:5:0; do
        name=${spec%%:*}
        numbers=${spec#*:}
        mknod -m 0666 "$dev/$name" c "${numbers%:*}" "${numbers#*:}"
    done
    mkdir -m 0755 "$dev/pts"
    mkdir -m 1777 "$dev/shm"
    mount -t devpts -o newinstance,ptmxmode=0666,mode=0620,gid=5 lab-devpts "$dev/pts"
    ln -s pts/ptmx "$dev/ptmx"
    ln -s /proc/self/fd "$dev/fd"
    ln -s /proc/self/fd/0 "$dev/stdin"
    ln -s /proc/self/fd/1 "$dev/stdout"
    ln -s /proc/self/fd/2 "$dev/stderr"
}
