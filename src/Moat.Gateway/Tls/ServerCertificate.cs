using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Moat.Gateway.Tls;

/// <summary>Loads the certificate the gateway serves HTTPS with: PKCS#12 (.pfx/.p12) or PEM with its key.</summary>
public static class ServerCertificate
{
    /// <summary>
    /// <paramref name="keyPath"/> is the PEM private key (null: the key is in <paramref name="certPath"/>);
    /// <paramref name="password"/> opens a PKCS#12 file or an encrypted PEM key. Problems throw
    /// <see cref="FormatException"/> naming the file.
    /// </summary>
    public static X509Certificate2 Load(string certPath, string? keyPath, string? password)
    {
        if (!File.Exists(certPath)) throw new FileNotFoundException($"certificate file not found: {certPath}", certPath);
        if (keyPath is not null && !File.Exists(keyPath)) throw new FileNotFoundException($"key file not found: {keyPath}", keyPath);
        try
        {
            X509Certificate2 cert;
            if (certPath.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || certPath.EndsWith(".p12", StringComparison.OrdinalIgnoreCase))
                cert = X509CertificateLoader.LoadPkcs12FromFile(certPath, password);
            else if (password is not null)
                cert = X509Certificate2.CreateFromEncryptedPemFile(certPath, password, keyPath);
            else
                cert = X509Certificate2.CreateFromPemFile(certPath, keyPath);
            if (!cert.HasPrivateKey)
            {
                cert.Dispose();
                throw new FormatException($"{certPath}: the certificate has no private key (give --tls-key)");
            }
            return cert;
        }
        catch (CryptographicException e)
        {
            throw new FormatException($"{certPath}: cannot load the certificate: {e.Message}", e);
        }
    }
}
