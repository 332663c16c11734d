#!/bin/bash
# Write a qcow2 guest disk whose boot sector keeps the guest's memory busy, so that live migration has
# real work to do (an idle guest's RAM is all zero pages and migrates in a blink, too fast to watch).
# The 35-byte real-mode program, assembled by hand:
#   cli; xor ax,ax; mov ss,ax; mov sp,0x7c00; sti; xor bx,bx
#   again: inc bx; mov dx,0x1000
#   touch: mov es,dx; mov [es:0],bx                  ; one word in each 4 KiB page...
#          add dx,0x100; cmp dx,0x9000; jb touch      ; ...of 0x10000-0x8FFFF: 128 pages, 512 KiB
#          hlt; jmp again                             ; once per BIOS timer tick (18.2 Hz)
# That dirties 512 KiB about 18 times a second (~9 MiB/s) with 128 stores per tick, so almost no CPU
# even where real mode is emulated (nested KVM, TCG). A migration limited to 1 MiB/s cannot converge
# until its bandwidth is raised; one without a limit finishes in about a second.
# Usage: make-guest-disk.sh OUT.qcow2 SIZE
set -euo pipefail
out=$1; size=$2
raw=$(mktemp)
trap 'rm -f "$raw"' EXIT
code='\xfa\x31\xc0\x8e\xd0\xbc\x00\x7c\xfb\x31\xdb\x43\xba\x00\x10\x8e\xc2'
code+='\x26\x89\x1e\x00\x00\x81\xc2\x00\x01\x81\xfa\x00\x90\x72\xef\xf4\xeb\xe8'
printf "$code" > "$raw"
truncate -s 510 "$raw"
printf '\x55\xaa' >> "$raw"
truncate -s 1M "$raw"
qemu-img convert -q -f raw -O qcow2 "$raw" "$out"
qemu-img resize -q "$out" "$size"
