/*
 * Test-only shim, never shipped: Rust's standard library (1.78+) imports
 * ProcessPrng from bcryptprimitives.dll, which Wine 8.0 lacks. Placed beside
 * maillint.exe under Wine, this DLL provides it over RtlGenRandom
 * (advapi32's SystemFunction036), which Wine has. Built by .ci/windows.sh
 * with mingw-w64 into a temporary folder.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
