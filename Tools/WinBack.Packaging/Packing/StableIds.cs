using System.Security.Cryptography;
using System.Text;

namespace WinBack.Packaging.Packing;

/// <summary>
/// Ids that are the same from build to build: name-based UUIDs (RFC 4122 version 5, SHA-1) over the solution's
/// unique name and the component's kind and name. Dataverse matches components across imports by id, so an id
/// that changed with every build would make every upgrade delete and recreate the step, form or role.
/// </summary>
public static class StableIds
{
    /// <summary>The namespace of every WinBack id (itself a fixed, random UUID).</summary>
    private static readonly Guid Namespace = new("6f1d7c2e-3b8a-4e55-9a0c-5d2b7e41c9a3");

    public static Guid For(string solution, string kind, string name) =>
        Version5(Namespace, $"{solution}/{kind}/{name}".ToLowerInvariant());

    public static Guid Version5(Guid @namespace, string name)
    {
        var ns = ToNetworkOrder(@namespace.ToByteArray());
        var data = Encoding.UTF8.GetBytes(name);
        var input = new byte[ns.Length + data.Length];
        ns.CopyTo(input, 0);
        data.CopyTo(input, ns.Length);
        var hash = SHA1.HashData(input);
        var bytes = new byte[16];
        Array.Copy(hash, bytes, 16);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50); // version 5
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(ToNetworkOrder(bytes));
    }

    // Guid.ToByteArray stores the first three fields little-endian; RFC 4122 hashes them big-endian.
    private static byte[] ToNetworkOrder(byte[] b)
    {
        var r = (byte[])b.Clone();
        Array.Reverse(r, 0, 4);
        Array.Reverse(r, 4, 2);
        Array.Reverse(r, 6, 2);
        return r;
    }
}
