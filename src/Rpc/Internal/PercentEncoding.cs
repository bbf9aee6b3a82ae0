using System.Buffers;
using System.Text;

namespace ArrHost.Rpc.Internal;

/// <summary>grpc-message encoding: UTF-8, with bytes outside 0x20..0x7E and '%' written as %XX.</summary>
internal static class PercentEncoding
{
    public static string Encode(string value)
    {
        var needs = false;
        foreach (var c in value)
        {
            if (c < 0x20 || c > 0x7E || c == '%')
            {
                needs = true;
                break;
            }
        }
        if (!needs)
        {
            return value;
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        var sb = new StringBuilder(bytes.Length * 2);
        foreach (var b in bytes)
        {
            if (b < 0x20 || b > 0x7E || b == (byte)'%')
            {
                sb.Append('%').Append(HexUpper(b >> 4)).Append(HexUpper(b & 0xF));
            }
            else
            {
                sb.Append((char)b);
            }
        }
        return sb.ToString();
    }

    public static string Decode(string value)
    {
        if (value.IndexOf('%') < 0)
        {
            return value;
        }

        var rented = ArrayPool<byte>.Shared.Rent(value.Length * 3);
        try
        {
            var n = 0;
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                if (c == '%' && i + 2 < value.Length && TryHex(value[i + 1], out var hi) && TryHex(value[i + 2], out var lo))
                {
                    rented[n++] = (byte)((hi << 4) | lo);
                    i += 2;
                }
                else
                {
                    // Not a valid escape: keep the characters as they are (the spec asks for lenient decoding).
                    n += Encoding.UTF8.GetBytes(value.AsSpan(i, 1), rented.AsSpan(n));
                }
            }
            return Encoding.UTF8.GetString(rented, 0, n);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static char HexUpper(int v) => (char)(v < 10 ? '0' + v : 'A' + v - 10);

    private static bool TryHex(char c, out int v)
    {
        v = c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'a' and <= 'f' => c - 'a' + 10,
            >= 'A' and <= 'F' => c - 'A' + 10,
            _ => -1,
        };
        return v >= 0;
    }
}
