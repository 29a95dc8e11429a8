/*
 * Test aid for running our Windows builds under Wine 8; never shipped.
 *
 * Rust's standard library (1.78+) gets random bytes from ProcessPrng in bcryptprimitives.dll.
 * Windows 10 and 11 have it; Wine 8.0 does not, so every Rust exe stops before main with exit
 * code 53. This DLL exports ProcessPrng on top of RtlGenRandom (advapi32's SystemFunction036),
 * which Wine has. tests/wine/run.sh builds it with MinGW and puts it in the Wine prefix.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    /* RtlGenRandom takes a ULONG: fill large requests in pieces. */
    while (len > 0) {
        ULONG piece = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!SystemFunction036(data, piece))
            return FALSE;
        data += piece;
        len -= piece;
    }
    return TRUE;
}
