using Moat.Gateway.Tests.Support;
using Moat.Gateway.Tls;

namespace Moat.Gateway.Tests;

/// <summary>
/// JA4 against the worked example of FoxIO's spec (technical_details/JA4.md): a hello with those
/// ciphers, extensions and signature algorithms, GREASE values mixed in, must give
/// t13d1516h2_8daaf6152771_e5627efa2ab1.
/// </summary>
public sealed class Ja4FingerprintTests
{
    // The spec's lists in their original (wire) order.
    private static readonly ushort[] SpecCiphers = [0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035];
    private static readonly ushort[] SpecExtensions = [0x001b, 0x0000, 0x0033, 0x0010, 0x4469, 0x0017, 0x002d, 0x000d, 0x0005, 0x0023, 0x0012, 0x002b, 0xff01, 0x000b, 0x000a, 0x0015];
    private static readonly ushort[] SpecSignatureAlgorithms = [0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601];

    private static ClientHelloBuilder SpecHello() => new()
    {
        Ciphers = [0x0a0a, .. SpecCiphers],
        Extensions = [0x1a1a, .. SpecExtensions, 0x2a2a],
        Alpn = [[.. "h2"u8], [.. "http/1.1"u8]],
        SupportedVersions = [0x3a3a, 0x0304, 0x0303],
        SignatureAlgorithms = [0x4a4a, .. SpecSignatureAlgorithms],
        ServerName = "example.com",
    };

    [Fact]
    public void Spec_example_gives_the_published_fingerprint_from_a_record_or_a_bare_handshake()
    {
        var hello = SpecHello();
        Assert.Equal("t13d1516h2_8daaf6152771_e5627efa2ab1", Ja4Fingerprint.Compute(hello.Record()));
        Assert.Equal("t13d1516h2_8daaf6152771_e5627efa2ab1", Ja4Fingerprint.Compute(hello.Handshake()));
    }

    [Fact]
    public void Chrome_143_hello_with_ech_and_mlkem_gives_its_published_fingerprint()
    {
        // A Chrome 143 hello as a fingerprinting service reports it (JA4_ro: wire order, GREASE removed):
        // ECH (fe0d) and ALPS (44cd) extensions, ALPN h2, TLS 1.3; JA4 t13d1516h2_8daaf6152771_d8a2da3f94cd.
        var hello = new ClientHelloBuilder
        {
            Ciphers = [0x5a5a, 0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035],
            Extensions = [0x6a6a, 0x002d, 0x0033, 0x0010, 0xfe0d, 0x0017, 0x44cd, 0x0000, 0x000b, 0x000a, 0x002b, 0xff01, 0x0023, 0x0012, 0x0005, 0x000d, 0x001b, 0x7a7a],
            Alpn = [[.. "h2"u8], [.. "http/1.1"u8]],
            SupportedVersions = [0x8a8a, 0x0304, 0x0303],
            SignatureAlgorithms = SpecSignatureAlgorithms,
            ServerName = "tls.browserleaks.com",
        };
        Assert.Equal("t13d1516h2_8daaf6152771_d8a2da3f94cd", Ja4Fingerprint.Compute(hello.Record()));
    }

    [Fact]
    public void Empty_signature_algorithm_list_hashes_the_extensions_without_an_underscore()
    {
        // The spec's second value: the same sorted extensions with nothing after them.
        var hello = SpecHello() with { SignatureAlgorithms = [] };
        Assert.Equal("t13d1516h2_8daaf6152771_6d807ffa2a79", Ja4Fingerprint.Compute(hello.Record()));
    }

    [Fact]
    public void Each_section_of_part_a_follows_the_hello()
    {
        // No SNI, no ALPN, no supported_versions: version from the hello, "i", "00".
        var plain = new ClientHelloBuilder
        {
            LegacyVersion = 0x0303,
            Ciphers = [0xc02f, 0x0a0a, 0x009c],
            Extensions = [0x000a, 0x000b],
        };
        var fp = Ja4Fingerprint.Compute(plain.Record())!;
        Assert.Equal("t12i020200", fp.Split('_')[0]);

        // TLS 1.0 hello, no extensions at all: part c is all zeros.
        var old = new ClientHelloBuilder { LegacyVersion = 0x0301, Ciphers = [0x002f], Extensions = null };
        Assert.EndsWith("_000000000000", Ja4Fingerprint.Compute(old.Record()));
        Assert.StartsWith("t10i0100", Ja4Fingerprint.Compute(old.Record()));

        // No cipher (only GREASE): part b is all zeros.
        var none = new ClientHelloBuilder { Ciphers = [0x0a0a], Extensions = [0x000a] };
        Assert.Equal("000000000000", Ja4Fingerprint.Compute(none.Record())!.Split('_')[1]);
    }

    [Theory]
    [InlineData(new byte[] { (byte)'h', (byte)'2' }, "h2")]
    [InlineData(new byte[] { (byte)'h', (byte)'t', (byte)'t', (byte)'p', (byte)'/', (byte)'1', (byte)'.', (byte)'1' }, "h1")]
    [InlineData(new byte[] { (byte)'x' }, "xx")]
    [InlineData(new byte[] { 0xAB }, "ab")]
    [InlineData(new byte[] { 0xAB, 0xCD }, "ad")]
    [InlineData(new byte[] { 0x30, 0xAB }, "3b")]
    [InlineData(new byte[] { 0x30, 0xAB, 0xCD, 0x31 }, "01")]
    [InlineData(new byte[] { }, "00")]
    public void Alpn_section_uses_first_and_last_characters_or_their_hex_as_the_spec_lists(byte[] protocol, string expected)
    {
        var hello = new ClientHelloBuilder { Ciphers = [0x1301], Extensions = [0x0010], Alpn = [protocol, [.. "h2"u8]] };
        Assert.Equal(expected, Ja4Fingerprint.Compute(hello.Record())![8..10]);
    }

    [Fact]
    public void Truncated_hellos_give_no_fingerprint()
    {
        var bytes = SpecHello().Record();
        for (int n = 0; n < bytes.Length; n++) Assert.Null(Ja4Fingerprint.Compute(bytes.AsSpan(0, n)));
    }

    [Fact]
    public void Corrupted_hellos_never_throw()
    {
        var original = SpecHello().Record();
        var random = new Random(20261201);
        for (int i = 0; i < 20_000; i++)
        {
            var bytes = (byte[])original.Clone();
            int flips = 1 + random.Next(4);
            for (int f = 0; f < flips; f++) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            _ = Ja4Fingerprint.Compute(bytes);
        }
        for (int i = 0; i < 2_000; i++)
        {
            var noise = new byte[random.Next(1, 600)];
            random.NextBytes(noise);
            noise[0] = 0x16;
            _ = Ja4Fingerprint.Compute(noise);
        }
    }

    [Fact]
    public void Not_a_client_hello_gives_no_fingerprint()
    {
        Assert.Null(Ja4Fingerprint.Compute("GET / HTTP/1.1\r\n\r\n"u8));
        var serverHello = SpecHello().Handshake();
        serverHello[0] = 0x02;
        Assert.Null(Ja4Fingerprint.Compute(serverHello));
        // An extension whose length runs past the list.
        var hello = SpecHello() with { Extensions = [0x0005], RawExtensionOverride = [0x00, 0x05, 0x00, 0x09, 0x01] };
        Assert.Null(Ja4Fingerprint.Compute(hello.Record()));
    }
}
