using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Moat.Contract.Io;
using Moat.Contract.Json;
using Moat.Gateway.Tests.Support;
using Moat.Gateway.Tls;

namespace Moat.Gateway.Tests;

/// <summary>The exchange log's tls_fingerprint: the gateway's own JA4 over HTTPS, or a trusted proxy's header.</summary>
public sealed class TlsFingerprintTests
{
    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
    private static readonly object Chat = new { model = "fake-model", messages = new[] { new { role = "user", content = "hello" } } };

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=moat-gateway-test", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        // Round-trip through PKCS#12 so the key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx, "t"), "t");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Https_gateway_logs_the_ja4_of_the_connection_on_every_exchange(int httpVersion)
    {
        using var cert = SelfSigned();
        await using var h = await GatewayHarness.StartAsync(configure: o => o with { TlsCertificate = cert });
        var ct = TestContext.Current.CancellationToken;
        using var handler = new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, c, _, _) => c?.GetCertHashString() == cert.GetCertHashString() },
        };
        using var client = new HttpClient(handler)
        {
            BaseAddress = h.BaseUrl,
            // HTTP/2 streams read the connection's fingerprint as HTTP/1.1 requests do.
            DefaultRequestVersion = httpVersion == 2 ? HttpVersion.Version20 : HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "sk-alice");
        Assert.Equal("https", h.BaseUrl.Scheme);
        for (int i = 0; i < 2; i++)
        {
            using var r = await client.PostAsync("/v1/chat/completions", Json(Chat), ct);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Equal(httpVersion, r.Version.Major);
        }

        var file = Assert.Single(await h.StopAndListLogAsync());
        var exchanges = RecordReader.Read(file, ExchangeCodec.Instance, new ReadReport()).ToList();
        Assert.Equal(2, exchanges.Count);
        var fp = exchanges[0].TlsFingerprint;
        Assert.NotNull(fp);
        // .NET's client offers TLS 1.3 or 1.2, sends no SNI to an IP address, and offers ciphers and extensions.
        Assert.Matches(@"^t1[23]i\d{4}[a-z0-9]{2}_[0-9a-f]{12}_[0-9a-f]{12}$", fp);
        // The ALPN section: .NET offers h2 first when asking for HTTP/2, and no ALPN at all for HTTP/1.1 only.
        Assert.Equal(httpVersion == 2 ? "h2" : "00", fp[8..10]);
        Assert.DoesNotContain("_000000000000", fp);
        Assert.Equal(fp, exchanges[1].TlsFingerprint);
    }

    [Fact]
    public async Task Fingerprint_header_is_believed_only_from_a_trusted_proxy()
    {
        const string ja4 = "t13d1516h2_8daaf6152771_e5627efa2ab1";
        var ct = TestContext.Current.CancellationToken;
        foreach (bool trusted in new[] { true, false })
        {
            await using var h = await GatewayHarness.StartAsync(configure: o => o with
            {
                TlsFingerprintHeader = "X-JA4",
                TrustedProxies = trusted ? [IPNetwork.Parse("127.0.0.0/8")] : [IPNetwork.Parse("10.0.0.0/8")],
            });
            using var client = h.Client("sk-alice");
            client.DefaultRequestHeaders.Add("X-JA4", ja4);
            (await client.PostAsync("/v1/chat/completions", Json(Chat), ct)).Dispose();
            using var bad = h.Client("sk-bob");
            bad.DefaultRequestHeaders.Add("X-JA4", "not a fingerprint\"}");
            (await bad.PostAsync("/v1/chat/completions", Json(Chat), ct)).Dispose();

            var file = Assert.Single(await h.StopAndListLogAsync());
            var exchanges = RecordReader.Read(file, ExchangeCodec.Instance, new ReadReport()).ToList();
            Assert.Equal(trusted ? ja4 : null, exchanges.Single(e => e.AccountId == "acct_alice").TlsFingerprint);
            Assert.Null(exchanges.Single(e => e.AccountId == "acct_bob").TlsFingerprint);
        }
    }

    [Fact]
    public void Server_certificate_loads_from_pkcs12_with_password_and_from_pem_with_key()
    {
        using var cert = SelfSigned();
        var dir = Directory.CreateTempSubdirectory("moat-cert-").FullName;
        try
        {
            var pfx = Path.Combine(dir, "gw.pfx");
            File.WriteAllBytes(pfx, cert.Export(X509ContentType.Pfx, "secret"));
            using (var loaded = ServerCertificate.Load(pfx, null, "secret")) Assert.True(loaded.HasPrivateKey);
            Assert.Throws<FormatException>(() => ServerCertificate.Load(pfx, null, "wrong"));

            var pem = Path.Combine(dir, "gw.crt");
            var key = Path.Combine(dir, "gw.key");
            File.WriteAllText(pem, cert.ExportCertificatePem());
            File.WriteAllText(key, cert.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
            using (var loaded = ServerCertificate.Load(pem, key, null)) Assert.Equal(cert.Thumbprint, loaded.Thumbprint);
            var e = Assert.Throws<FormatException>(() => ServerCertificate.Load(pem, null, null));
            Assert.Contains("gw.crt", e.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
