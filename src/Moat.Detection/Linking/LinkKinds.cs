namespace Moat.Detection.Linking;

/// <summary>Why two accounts are linked; the names appear in evidence and in campaigns.json links.</summary>
public static class LinkKinds
{
    public const string Payment = "payment";
    public const string SignupIp = "signup_ip";
    public const string SignupPrefix = "signup_prefix";
    public const string Ip = "ip";
    public const string IpPrefix = "ip_prefix";
    public const string Client = "client";
    public const string EmailDomain = "email_domain";
    public const string SignupBurst = "signup_burst";
    public const string Template = "template";
    public const string Synchrony = "synchrony";
}

/// <summary>One reason two accounts are linked, with its weight after rarity and behaviour gating.</summary>
public readonly record struct LinkReason(string Kind, double Weight, string Detail);
