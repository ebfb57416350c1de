namespace Bulwark.Scanning;

/// <summary>
/// One scan worker's buffers: the bytes of the file it reads and their decoded chars, reused from file to file
/// and grown to the largest file the worker has met. A worker holds one file at a time, so a scan keeps at most
/// about three times its largest file (up to 16 Mi) per worker — where shared pools keep buffers of every size a tree needed,
/// per thread and per core, and fresh buffers for large files would fill the large-object heap between
/// collections.
/// </summary>
internal sealed class FileBuffers
{
    /// <summary>
    /// Larger needs (an archive far over the text-file cap) get a buffer of their own, which the collector takes
    /// back, rather than one kept for the rest of the scan.
    /// </summary>
    private const int MaxKeptLength = 16 * 1024 * 1024;

    private byte[] _bytes = [];
    private char[] _chars = [];

    /// <summary>A buffer of at least <paramref name="length"/> bytes; its content is not kept between calls.</summary>
    public byte[] Bytes(int length) =>
        _bytes.Length >= length ? _bytes
        : length > MaxKeptLength ? GC.AllocateUninitializedArray<byte>(length)
        : _bytes = GC.AllocateUninitializedArray<byte>(Grown(_bytes.Length, length));

    /// <summary>A buffer of at least <paramref name="length"/> chars; its content is not kept between calls.</summary>
    public char[] Chars(int length) =>
        _chars.Length >= length ? _chars
        : length > MaxKeptLength ? GC.AllocateUninitializedArray<char>(length)
        : _chars = GC.AllocateUninitializedArray<char>(Grown(_chars.Length, length));

    // At least double, so a run of growing files costs a few allocations, not one per file.
    private static int Grown(int current, int wanted) => (int)Math.Min(MaxKeptLength, Math.Max(Math.Max(wanted, 4096), 2L * current));
}
