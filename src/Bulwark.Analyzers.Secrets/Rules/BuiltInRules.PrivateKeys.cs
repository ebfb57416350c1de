using Bulwark.Core;
using Bulwark.Core.Findings;

namespace Bulwark.Analyzers.Secrets.Rules;

public static partial class BuiltInRules
{
    // Private keys: PEM blocks (PKCS#1, SEC1, DSA, PKCS#8, OpenSSH), PGP, PuTTY, ssh.com and age keys.
    // A private key is never meant to leave its owner, so every rule here is Critical (High when encrypted).
    // Bodies are unbounded ({64,}): keys run from 200 chars to 10+ KB, and the linear-time engine makes that safe.
    // MultilineSpan lets a match run from the BEGIN line (where the keyword is) to the END line.
    private static IEnumerable<SecretRule> PrivateKeys()
    {
        // Traditional OpenSSL encryption adds Proc-Type/DEK-Info headers; the key is still reported (High
        // would undersell it: the passphrase often sits in the same repository).
        yield return new SecretRule
        {
            Id = "private-key-rsa",
            Description = "RSA private key (PKCS#1 PEM)",
            Severity = Severity.Critical,
            Regex = @"-----BEGIN RSA PRIVATE KEY-----(?:[\s\\n""',]{1,24}Proc-Type:[^\r\n\\]{1,40}[\s\\n""',]{1,24}DEK-Info:[^\r\n\\]{1,100})?[A-Za-z0-9+/=\s\\""',]{64,}-----END RSA PRIVATE KEY-----",
            MultilineSpan = 16384,
            Keywords = EquatableArray.Of("rsa private key"),
            Tags = EquatableArray.Of("private-key", "rsa"),
            Validator = SecretValidator.PemPrivateKey,
            Allowlists = EquatableArray.Of(new SecretAllowlist
                {
                    Description = "Documentation keys with EXAMPLE spliced into the body",
                    StopWords = EquatableArray.Of("example"),
                }),
            TruePositives = EquatableArray.Of(
                """
                -----BEGIN RSA PRIVATE KEY-----
                MIICXQIBAAKBgQC/kKkFTA0JEWs++mHwyG463ct4hy05cPs3XaGiLJQrNuZ3Ox+E
                6lf/sEbezJ+UWlgtU2Ptsz1PZ8Pt2yNrc5F81A+qaegnjQ2IeW6CNw+gnnFDChI5
                AEpyHj9lNEQ0SlPs/EMmRkGKAMsbX9Kke+xgyp+zzdm4D+bHmlM+rS7DTwIDAQAB
                AoGBAJtyC3Vc7Qb6t4f3LRpxyeDCsaUwK6Z8451dwRcUDXezqPf/Zeg5MQcuR5Pr
                f2KmnP7KuD/ePlX84aRVOjyrHtY+4MMPasgVpYu9StoavqiqPljF/kBrJye6B8Ru
                oJilsqrNizO03XuA38gWzxtllgcdJciSZpVi8GIkM2f2UEgBAkEA9kNgxMbxFY3Z
                Ztr4bY8d5N43eb+IIq3KCkgIxP+GR3Bb5LonOFSEvS8TL66nHNM/4VO2gNN4NBcc
                utWfxqs0TwJBAMcjo9Eoaqp/lLeyo3dRArERewgJzDiEvy3Aaebgq79TPtT/i6gd
                90X7OdDecrDoRjtvlZczOyI9IQVlpaGswQECQQCliclEvU5V5NJc95jDXM8Fh/LW
                nk9OsG/91Uo/0lxbLUY4TIIMtZO88CX/iXHASKjKONGXa4+DxH2FghAzJea1AkAs
                Nt6NdvLP7km/y5r9x+/YDrCJZVuBhP/Jkboxt9qKPVprAl4ospaPZCs/E9TVMI0/
                bxQAoTBU9suZHit7TRcBAkA66q0Y1XSz/J0CpUwiX/sD5tPxOH0NCJEH6q37vg7x
                IQwc4P8yyibJ8fWSMLOG6W9JQrHW8gykfQ5SKGt5uJlk
                -----END RSA PRIVATE KEY-----
                """,
                """
                tls:
                  key: |
                    -----BEGIN RSA PRIVATE KEY-----
                    MIICXQIBAAKBgQDBKAlfOZpbxz0dw3t6elAhOvajjg4j+wae/SBOMxtDfPr7wa9V
                    jFT7NuXOBDj/HTZ8DIwV6FHW7GtlcdvQVK6muqrdUQ7YWPE+YCEbJIkFaGcqv3wS
                    TLydlxuiFu4pvhUsnncIH1phl4zXkOugtjAUHJZVjK5tkCR7WKPmZ5NCiwIDAQAB
                    AoGAItoHfuAU4vR7KZCpCfth0+0grXgnQwS7OBqyJooAJFg7rQtQiJ4Og1lvc5G9
                    ewKZXx6gdB98DMyRwDcgE2IENQ77zmmIOR9E6h8Gzg8carTtqbUvOoaocxbu0uHg
                    8hqY3kr6SOgpkD/vBIIM58kebIrr/Sy1DMKkjNBFeABAWtECQQDjD8+m2Rm+ci7S
                    vzUXZcTIw/p4TSVQgOL4YdS72JdsOa66ViaVPXjtSnw4sC14umtbDXQnR/orBWzh
                    lR3hXLSpAkEA2cYEpsway8/jzQK0twd1gTZo9WUC5YYkaR/nMIalGXDJNiTpBTiL
                    twa/VxNss5gLk4/vmr0Ug42bup5J+FFKEwJBALKROKjqi4hum8w5ezNPYZbSKSR6
                    5yGMevMDXR3tlAgUxQjdv7IWigdzUIX0Z45ObSdKSVKrFF7JAXvWnY0iLyECQDXZ
                    36CXbDDmEYDKoIF6GLaBC+dSuSqkxzAvsW2wffcSis8WxYCDARmbU4lmxkSK3qH4
                    v9lV1FLLm6zEI6qB/30CQQCxxjOurcnrrHI5D7MSkrsQ4YpbH2rGFDI3ZFfUaSYn
                    RMgL6eWZ4DkUdrQ9aN8xCXxKGXwwvwTEhpaE38HrHBww
                    -----END RSA PRIVATE KEY-----
                """,
                """
                -----BEGIN RSA PRIVATE KEY-----
                Proc-Type: 4,ENCRYPTED
                DEK-Info: AES-128-CBC,5531CA5EE09AED4634FAF1837F1B4712

                wtFDBmfHT3xvEHr9fkdK5vh2OE/lEKHi2La2HyNOflsDSrsW7fQg/yxZldHnw8KE
                DKs9u9ZmsckrvWIJEkcO1fGz5UM2yLQn08iZOksFPEsq6OKgUmZRbygN/tg53zLa
                jakU2jQ2abH6Ie+c/DEll766jmcFVTDZ7ZduJ9syKOw9K7sFJaggEPcXRBFn5mmd
                g2ZYEdJpxtF99lnxRRacEt4f5bzxkrIkzUeEDD4uljeVh/N0LsH0CbvWJ6FxBsxe
                YOuo9/Z0MBv6bObIUIuDlqu2dw5++5267F9lA1ojUHW8O9CJc/98cXmZrrOearOO
                xwaEaCgQ6WBs3SbconUQlCWYfWNwpoH0dB951S0jYAJHouz0Jx+NxlqNbuU5Z6km
                4VDNUW1t2+v3KsumJan3Py7I/LZMTYbuHvcp+FbV0mneEIVdiqnSJ8F1LpiFn5SF
                drrwVpUybWv2RpGW0qcJUEZQEXCUCSGn+Ute2rjmGLa55XWRgM4WQCz+B55p9l4C
                TSk5TBlmAj/CWEmGOoZN4PHeNniDFyxmDVq+gMIPjJ+BML1wdJ7tThGoopkcZ8GM
                tlrL+e3Jd/HrWHb25dv+QjxEdMlCKDvghbVR5ZjycRZjsmbTDJ0r8FwRFUxj4jrN
                pvu74+XQHejDBKxXcU+U610TSKBqvTFMDN1oilJOKuk9Yi1T9pYKUyuXv003Zc7u
                B/d8jtQZZG8Un8tOuUlVIIp4MJudxImg/emmjh1FOfxedYp2Z913admM33mbZbri
                IRlQ81H3Pfjihi1tvbcb69CpmFYN2sPlltOLDQ4owkI=
                -----END RSA PRIVATE KEY-----
                """),
            FalsePositives = EquatableArray.Of(
                """
                -----BEGIN RSA PRIVATE KEY-----
                ...
                -----END RSA PRIVATE KEY-----
                """,
                """openssl genrsa -out "-----BEGIN RSA PRIVATE KEY-----.pem" 2048""",
                """
                -----BEGIN RSA PRIVATE KEY-----
                MIIEowIBAAKCAQEA
                (truncated)
                """),
        };

        yield return new SecretRule
        {
            Id = "private-key-ec",
            Description = "EC private key (SEC1 PEM)",
            Severity = Severity.Critical,
            Regex = @"-----BEGIN EC PRIVATE KEY-----(?:[\s\\n""',]{1,24}Proc-Type:[^\r\n\\]{1,40}[\s\\n""',]{1,24}DEK-Info:[^\r\n\\]{1,100})?[A-Za-z0-9+/=\s\\""',]{64,}-----END EC PRIVATE KEY-----",
            MultilineSpan = 16384,
            Keywords = EquatableArray.Of("ec private key"),
            Tags = EquatableArray.Of("private-key", "ec"),
            Validator = SecretValidator.PemPrivateKey,
            Allowlists = EquatableArray.Of(new SecretAllowlist
                {
                    Description = "Documentation keys with EXAMPLE spliced into the body",
                    StopWords = EquatableArray.Of("example"),
                }),
            TruePositives = EquatableArray.Of(
                """
                -----BEGIN EC PRIVATE KEY-----
                MHcCAQEEIKyoGpzf+e7NybSIVY462Cs11y2GhiqMPZQ8dTjpGmoEoAoGCCqGSM49
                AwEHoUQDQgAEMjtLXvQP3An7qxG1VSyLdmaX+sfY6i/um0tpcpkHDmMQ8VXnJyBK
                SnSDv6dOldUjkJpMmvnloHz4tWVzivwcbQ==
                -----END EC PRIVATE KEY-----
                """,
                "\"signing_key\": \"-----BEGIN EC PRIVATE KEY-----\\nMIGkAgEBBDDWpqBoIvBIMB4vk7v0A9QduyDfnnm+Ja3QYhs3BhNsXK6A1R5WVzeI\\nHJBDnMzxoPygBwYFK4EEACKhZANiAAQmxsr4RoonlcGbzLTcRnEAZ2efybOkq/3J\\nr64NqS9a81DSCiiJVe0iL5L9lCoSPlvGLgOXIML3CG89WcYNptU/n5qvt710c2EU\\nJSISWI4AiWyrt8pIrcLLbWqWPSLYHjk=\\n-----END EC PRIVATE KEY-----\\n\""),
            FalsePositives = EquatableArray.Of(
                """
                -----BEGIN EC PRIVATE KEY-----
                <your key here>
                -----END EC PRIVATE KEY-----
                """,
                "grep -q \"BEGIN EC PRIVATE KEY\" \"$file\""),
        };

        yield return new SecretRule
        {
            Id = "private-key-dsa",
            Description = "DSA private key (PEM)",
            Severity = Severity.Critical,
            Regex = @"-----BEGIN DSA PRIVATE KEY-----(?:[\s\\n""',]{1,24}Proc-Type:[^\r\n\\]{1,40}[\s\\n""',]{1,24}DEK-Info:[^\r\n\\]{1,100})?[A-Za-z0-9+/=\s\\""',]{64,}-----END DSA PRIVATE KEY-----",
            MultilineSpan = 16384,
            Keywords = EquatableArray.Of("dsa private key"),
            Tags = EquatableArray.Of("private-key", "dsa"),
            Validator = SecretValidator.PemPrivateKey,
            Allowlists = EquatableArray.Of(new SecretAllowlist
                {
                    Description = "Documentation keys with EXAMPLE spliced into the body",
                    StopWords = EquatableArray.Of("example"),
                }),
            TruePositives = EquatableArray.Of(
                """
                -----BEGIN DSA PRIVATE KEY-----
                MIIBuwIBAAKBgQC2klIAzG46vdj7JfFDvChDnlCHiyoMcXJp9/NkKAW7UwuHJ3i2
                m+Q3Fl+ixC032tW5hnMu6rUePt3nI3XJTPGyGjxaPcL6dPZqz4Q9kzfGge7gZJl4
                20F4pcGFzLpyXewq2mUB640/0lF2IYwIBDaYCtbdgrd1XAmWpAQ5vCEQLwIVAOOx
                8q0PimMSqmOCt6BlHTbS8yXRAoGBAJE+IUAIhXbEA5DPWEEM4ODl7asxteELarKA
                CgHJdTrChUc4wPeb2+NSyFQGe3Q0UQqCJxGcKi3Q3lKE1N3hR+MNaoI3FxQzFoAu
                /BuPFCpJNXXagWI0gyvEf86sRzgfasWkTTsUjojj87jjtCL6oETdHOU9bMN/1uRd
                Gzy+gT6TAoGABspbiJPmgz/jcK8lUYqr4BA9YQxVMCOxnZkR7Wpu626UAxx6glwe
                WlfEkGiVlbsZhqNRoGFmX/mWxx9XZn6ZuFLXRP1OQsyFlgFUgMs8ag2EUY+GVrqw
                MFkS30bDGB3B/5eps3z9N3UsLrqQP59u672IMr5cT9bI9pC5BYnlilsCFEX8oGcf
                WGf6ZKIS/lUQROcOO+f+
                -----END DSA PRIVATE KEY-----
                """,
                """
                ssh_host_dsa_key: |
                  -----BEGIN DSA PRIVATE KEY-----
                  MIIBuwIBAAKBgQCO7mLph0SnOMiunnXw35fLGPn7zHoSGTNHAHDccE/cKsC10T1W
                  iySBwKn5yGECxNiR22UnRKSyu2X1PGyagFRGtp+X5Bsqog5KdeA0ZcqIdgpzaqJW
                  WGlEE9FqbDYuMzPVdj4h/V2ZY1FQ81TAX7kg3FVZFd+oKz6L3qfN+cCC1wIVAN2E
                  OyPe2HDwttWb3JP29c91rGGfAoGAcf+8Z66nXmg97JN8DCA8jplLiy9nFkaF0joI
                  Iw4UhKavLy8p/pl18U/EC6OTdI6712hlQnS3Lypb91L1Ntm8akqqNu6YJ2PgQCa2
                  Pxy26YP5j/ioLyX2vapt5P+p2fk/fSN9qmMhL7z2qzawj0/l1jPaRV7WG7ZOCkvT
                  REL/uyYCgYAh38Ae5cg2DvifCpdVO8GOw8qjJjzQjMghaklzF6cm3cKWXJTscjZd
                  4AxygQn7fFqONzDqKtksFV7t3XyCGi0LnQ06VH4epyVEE11K7LpNN4O7vIaBk4R9
                  LVtpw9rZAenAU9UlJCSYc/3AIzy33DnbwesrV8o8cNrgi7nQ7QRfWgIVALwYFTko
                  1szSsly92hzkYudx236O
                  -----END DSA PRIVATE KEY-----
                """),
            FalsePositives = EquatableArray.Of(
                """
                -----BEGIN DSA PRIVATE KEY-----
                MIIBuwIBAAKBgQ
                -----END DSA PRIVATE KEY-----
                """,
                """if line.startswith("-----BEGIN DSA PRIVATE KEY-----"):"""),
        };

        yield return new SecretRule
        {
            Id = "private-key-openssh",
            Description = "OpenSSH private key",
            Severity = Severity.Critical,
            Regex = @"-----BEGIN OPENSSH PRIVATE KEY-----[A-Za-z0-9+/=\s\\""',]{64,}-----END OPENSSH PRIVATE KEY-----",
            MultilineSpan = 16384,
            Keywords = EquatableArray.Of("openssh private key"),
            Tags = EquatableArray.Of("private-key", "openssh"),
            Validator = SecretValidator.PemPrivateKey,
            Allowlists = EquatableArray.Of(new SecretAllowlist
                {
                    Description = "Documentation keys with EXAMPLE spliced into the body",
                    StopWords = EquatableArray.Of("example"),
                }),
            TruePositives = EquatableArray.Of(
                """
                -----BEGIN OPENSSH PRIVATE KEY-----
                b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
                QyNTUxOQAAACCQ6kayD65OAZU4UyQTwbsi4Mn1238efJN4Os7EYG7UCAAAAJjTmCHX05gh
                1wAAAAtzc2gtZWQyNTUxOQAAACCQ6kayD65OAZU4UyQTwbsi4Mn1238efJN4Os7EYG7UCA
                AAAEC1RSb3uqxzYjdKdMwj7DJzcN/30Gl9vsCCXkLaLWKOopDqRrIPrk4BlThTJBPBuyLg
                yfXbfx58k3g6zsRgbtQIAAAAEGRlcGxveUBjaS1ydW5uZXIBAgMEBQ==
                -----END OPENSSH PRIVATE KEY-----
                """,
                "DEPLOY_KEY=\"-----BEGIN OPENSSH PRIVATE KEY-----\\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\\nQyNTUxOQAAACC9QXBJbNirL3yczdlU/lObHCpIL+9gxXjXDzOEsZ11VwAAAJBrTdd/a03X\\nfwAAAAtzc2gtZWQyNTUxOQAAACC9QXBJbNirL3yczdlU/lObHCpIL+9gxXjXDzOEsZ11Vw\\nAAAEAXzrUyfTIv3QiTP2r42PJUjD9l+QvxmseHeAUmoRcaAr1BcEls2KsvfJzN2VT+U5sc\\nKkgv72DFeNcPM4SxnXVXAAAACmJhY2t1cEBuYXMBAgM=\\n-----END OPENSSH PRIVATE KEY-----\\n\""),
            FalsePositives = EquatableArray.Of(
                """
                -----BEGIN OPENSSH PRIVATE KEY-----
                b3BlbnNzaC1rZXktdjE=
                -----END OPENSSH PRIVATE KEY-----
                """,
                """ssh-keygen writes "-----BEGIN OPENSSH PRIVATE KEY-----" files"""),
        };

        // The unlabelled PKCS#8 form used by Java, Go, Node and Google service accounts (any algorithm).
        yield return new SecretRule
        {
            Id = "private-key-pkcs8",
            Description = "PKCS#8 private key (PEM)",
            Severity = Severity.Critical,
            Regex = @"-----BEGIN PRIVATE KEY-----[A-Za-z0-9+/=\s\\""',]{64,}-----END PRIVATE KEY-----",
            MultilineSpan = 16384,
            Keywords = EquatableArray.Of("begin private key"),
            Tags = EquatableArray.Of("private-key"),
            Validator = SecretValidator.PemPrivateKey,
            Allowlists = EquatableArray.Of(new SecretAllowlist
                {
                    Description = "Documentation keys with EXAMPLE spliced into the body",
                    StopWords = EquatableArray.Of("example"),
                }),
            TruePositives = EquatableArray.Of(
                """
                -----BEGIN PRIVATE KEY-----
                MIICdwIBADANBgkqhkiG9w0BAQEFAASCAmEwggJdAgEAAoGBAL7dluTokk0QzB9C
                sZNYiEWlovOJAWVbSBsYD3A+FFHe/ElDRn5bLPBWGlONVGCycctx/0FCctSokKBy
                BjdribVcJv9ilrQfDK+s7dPkaS80PVCGwOCrqk9RvljMkOB7WtZV/qU783AockF8
                3lDviV+srhtg27lXfFfUA86gfYtHAgMBAAECgYEAn8PIbTAoVo367yfakKYI25O8
                hPJn0rnH77YCJkgwph9rOsAvn9EeGsdYHhwtRwvXqR5xNeUzTcMT3NnVTkqb51p5
                dn9l3RsATna5cMgXcHxyn9tByrmZHVEIxVOKXzIDG7qcCP5yjyXelzJKPXN2IL9e
                YMIEuGQdQhmqSXn8dtECQQDuEJJPRIyXmQq0Ry8KtS2jDSTDJVGa5xI6kG2kF1hk
                GHUqJmHuGtvAjYiioF8wdmTwAqQ7LzgqTtkj1bs/3P9rAkEAzT62gUYE18toKSft
                +AHJRRbp9zZlgfTP8C9V5nsuHfyy/yPRIQLvg7BboObIa6DJc2YlsdBoTxidk6WJ
                AJkmlQJAT1LMPYdcxUKkU2+ImCvIehTuE+wCZffqlgL71XpF5IxVtea2KM1gPaer
                SGzhatd4SJTIvkO8ljRRm+QikWQE4wJAUvm6kNK83H0IVDMnWq9mLj9QQThFm19c
                vW51nONJxqfFua5COsVUDXo74PXMKu7q4nN2Y8esk+WQtwMiOxKvbQJBALjLw1g8
                mKwXqmKR4bLEkLGvS88E5NkunT1Zh7aOvIm2HLrI15Pjo5b1D6+aTNRqLBCWroKA
                sMWxxBHgfxcEEVE=
                -----END PRIVATE KEY-----
                """,
                """const key = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJiouoO9QjEAUZ36dqtA2oIEQn8hm8doGeUbEPVbcGNO\n-----END PRIVATE KEY-----\n";"""),
            FalsePositives = EquatableArray.Of(
                """
                -----BEGIN PRIVATE KEY-----
                -----END PRIVATE KEY-----
                """,
                "PRIVATE_KEY=\"-----BEGIN PRIVATE KEY-----\\n${KEY_BODY}\\n-----END PRIVATE KEY-----\""),
        };

        // Encrypted with a passphrase, so High rather than Critical: still offline-guessable.
        yield return new SecretRule
        {
            Id = "private-key-pkcs8-encrypted",
            Description = "Encrypted PKCS#8 private key (PEM)",
            Severity = Severity.High,
            Regex = @"-----BEGIN ENCRYPTED PRIVATE KEY-----[A-Za-z0-9+/=\s\\""',]{64,}-----END ENCRYPTED PRIVATE KEY-----",
            MultilineSpan = 16384,
            Keywords = EquatableArray.Of("encrypted private key"),
            Tags = EquatableArray.Of("private-key"),
            Validator = SecretValidator.PemPrivateKey,
            Allowlists = EquatableArray.Of(new SecretAllowlist
                {
                    Description = "Documentation keys with EXAMPLE spliced into the body",
                    StopWords = EquatableArray.Of("example"),
                }),
            TruePositives = EquatableArray.Of(
                """
                -----BEGIN ENCRYPTED PRIVATE KEY-----
                MIHsMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAj5xBkaP1dQgQICCAAw
                DAYIKoZIhvcNAgkFADAdBglghkgBZQMEASoEEHS+q6ARqB+wyh2ni24pNyUEgZAC
                suXkavXZQR5kw8ZfinfVtQ4GxUyFXQa2lIw/hAr9asyMfC8IOLvvDMOSc8T4fShC
                kaFXuE0TnSXdDPcJHYOWWMEDWPs2/D5KgLSKaaW82P5gzoQMAP5J06CWpEzNCzbV
                8VgVmOgzQd02cWHBiNHTylYN/TmUiTrlmMhVgxeu92w8KeTw1nzw7SxXEhfNXS0=
                -----END ENCRYPTED PRIVATE KEY-----
                """,
                """
                ssl:
                  key: |
                    -----BEGIN ENCRYPTED PRIVATE KEY-----
                    MIGbMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAhrf/uuv2gRgQICCAAw
                    DAYIKoZIhvcNAgkFADAdBglghkgBZQMEASoEEN0BWi7c4P/zvYagv/P3yggEQN/+
                    2eAXb7xOlXbp7mlo6/VLbJLKLCGWW53yE+rq5TX62LGQrZtHvBwXvJKFslpHyHaC
                    rMiM9E0epBlVraVUr58=
                    -----END ENCRYPTED PRIVATE KEY-----
                """),
            FalsePositives = EquatableArray.Of(
                """
                -----BEGIN ENCRYPTED PRIVATE KEY-----
                MIHsMFcGCSqGSIb3
                -----END ENCRYPTED PRIVATE KEY-----
                """,
                """echo "-----BEGIN ENCRYPTED PRIVATE KEY-----" > key.pem"""),
        };

        // ASCII armor: optional Version/Comment headers, base64 packets and a CRC-24 line.
        yield return new SecretRule
        {
            Id = "private-key-pgp",
            Description = "PGP private key block",
            Severity = Severity.Critical,
            Regex = @"-----BEGIN PGP PRIVATE KEY BLOCK-----(?:[\s\\n""',]{1,24}[A-Za-z]{1,20}: (?:[^\r\n\\]|\\""){0,200}){0,5}[A-Za-z0-9+/=\s\\""',]{64,}-----END PGP PRIVATE KEY BLOCK-----",
            MultilineSpan = 16384,
            Keywords = EquatableArray.Of("pgp private key block"),
            Tags = EquatableArray.Of("private-key", "pgp"),
            Validator = SecretValidator.PemPrivateKey,
            TruePositives = EquatableArray.Of(
                """
                -----BEGIN PGP PRIVATE KEY BLOCK-----

                lFgEawQjrRYJKwYBBAHaRw8BAQdA1xp3WJnKNR8gPs0KQRxJCXKI7TMW57ISSQq6
                EWe+9LoAAQDR3tTzGpsCSUbkTSnHkjNQDbUQYWAYet58AHViPblPFw2ltCVSZWxl
                YXNlIEJvdCA8cmVsZWFzZS1ib3RAZXhhbXBsZS5vcmc+iJAEExYIADgWIQShbVIh
                hrgG5q5D3Ut69aJ4nniQQQUCawQjrQIbAwULCQgHAgYVCgkICwIEFgIDAQIeAQIX
                gAAKCRB69aJ4nniQQXaoAP4rInVK7+EIoxsGHhwTzN9sSmQGvyjU2uAJg6q8cDPu
                AAEAuJMr75lS9P3mK/dAKZq/z09Ts8KPK7xYbCfE3ohMfgQ=
                =/2rJ
                -----END PGP PRIVATE KEY BLOCK-----
                """,
                """
                GPG_SIGNING_KEY: |
                  -----BEGIN PGP PRIVATE KEY BLOCK-----
                  
                  lFgEawQkHxYJKwYBBAHaRw8BAQdAbvOwBeyqrMGE/tV5sGwzggqJJbM+byPCWEWZ
                  n2x5OEYAAP959HZ6XLRoMfOjVr3RScbEJbDqBzMpWChXRkbtdzMapxAvtCJTaWdu
                  aW5nIEtleSA8c2lnbmluZ0BhY21lLmludmFsaWQ+iJAEExYIADgWIQTDqqsjOeCk
                  T1fpdsGoD7no4ozy3QUCawQkHwIbAwULCQgHAgYVCgkICwIEFgIDAQIeAQIXgAAK
                  CRCoD7no4ozy3f6GAP97KxeArtRuWBs0VGHRIjBE2EHBvh52SaWq9yhfF0803wEA
                  lY4G0NC+5TtPRd9wom5awbiRi/e7enIWGQFdOOMaagM=
                  =d7ok
                  -----END PGP PRIVATE KEY BLOCK-----
                """),
            FalsePositives = EquatableArray.Of(
                """
                -----BEGIN PGP PRIVATE KEY BLOCK-----

                ...
                -----END PGP PRIVATE KEY BLOCK-----
                """,
                """
                -----BEGIN PGP PUBLIC KEY BLOCK-----

                mDMEZamnQJJbad0rNUFsmeuhMAGgW1CsCs2B7XIU0RpUaGY3H8DGuqgODbccO+Y0V4/3Jj8A7QCZdVvT436s3
                -----END PGP PUBLIC KEY BLOCK-----
                """),
        };

        // The secret is the Private-Lines block; Argon2 headers of encrypted v3 keys sit before it.
        yield return new SecretRule
        {
            Id = "private-key-putty",
            Description = "PuTTY private key (.ppk)",
            Severity = Severity.Critical,
            Regex = @"PuTTY-User-Key-File-[23]: [a-z0-9@.-]{3,60}(?:\r?\n|(?:\\r)?\\n)[ \t]{0,16}Encryption: [a-z0-9-]{1,30}(?:\r?\n|(?:\\r)?\\n)[ \t]{0,16}Comment: [^\r\n]{0,200}?(?:\r?\n|(?:\\r)?\\n)[ \t]{0,16}Public-Lines: [0-9]{1,3}(?:\r?\n|(?:\\r)?\\n)[ \t]{0,16}[A-Za-z0-9+/=\s\\]{20,}(?:[A-Za-z0-9-]{1,30}: [^\r\n]{0,200}?(?:\r?\n|(?:\\r)?\\n)[ \t]{0,16}){0,6}Private-Lines: [0-9]{1,3}(?:\r?\n|(?:\\r)?\\n)[ \t]{0,16}([A-Za-z0-9+/=\s\\]{20,})Private-MAC: [0-9a-f]{40,64}",
            SecretGroup = 1,
            MultilineSpan = 16384,
            Keywords = EquatableArray.Of("putty-user-key-file"),
            Tags = EquatableArray.Of("private-key", "putty", "ssh"),
            TruePositives = EquatableArray.Of(
                """
                PuTTY-User-Key-File-3: ssh-ed25519
                Encryption: none
                Comment: deploy@build-01
                Public-Lines: 2
                AAAAC3NzaC1lZDI1NTE5AAAAIJDqRrIPrk4BlThTJBPBuyLgyfXbfx58k3g6zsRg
                btQI
                Private-Lines: 1
                AAAAILVFJve6rHNiN0p0zCPsMnNw3/fQaX2+wIJeQtotYo6i
                Private-MAC: e8bf1a6f2fb820595330237aeceef728664230e86f506c5c6ae2259eabb03e5e
                """,
                """
                PuTTY-User-Key-File-2: ssh-rsa
                Encryption: none
                Comment: rsa-key-20240611
                Public-Lines: 4
                AAAAB3NzaC1yc2EAAAADAQABAAAAgQAOQAHtSwatbflSriIkt02UwgbbfPIvY7Oj
                y0uIef+BZiy1gHuY791aMrPCwkC4lp2wUEPzeKr9y+t9jk5Sc1VICVzdltiSpEXD
                zM0w2kcbF5B9vcw1KaKyaMRqY/hV2ydgX95u87UJKU3VXP/Lj7axllsALiwr3SrX
                rwafW6s/NA==
                Private-Lines: 8
                AAAAgQDxEWC2kDeqqFjIqPLHUqWBytxS6lyGM8yG94LBAMUVKir9689Pg8Uu8pr/
                R/JqJJ5b0ab2Jj6g8dvwX98Tx9MtIIijZoEUpp7KPnuE0MlgrMEzoYsggbCYrGX1
                K3Q6Wmi8nu6L4k/scMf5BCqG8l9BSYeXMD6euZHrTE9ZB2aUwAAAAEGJVPFNLg84
                bfFbf5duPrZJMT0pj1/xovgD9hAfC8s8u7uG0cRTGVyLuLbHj6UzB95gGzMf/qSR
                CqItXZX8dRnrBwAAAEEkL6K/YVxgYpSFgM1487OmjMoiRem5K067eHBbRV82DcKx
                rMBNsPUCJ60+Dv6PBvikKwvKnU3XvVcYuWegDYkm4gAAAEDxnFzz6YYo9ej4hv71
                TOdr3lW5jnNXSf+ZQ9pc9EoTAIuKsSKBEw7tA4cXqQ7NrNuzZTDYi7ZjnnFxwxVU
                etlt
                Private-MAC: f98a85bd834d46db44aca649ae40fe940f1564e1
                """),
            FalsePositives = EquatableArray.Of(
                """
                PuTTY-User-Key-File-3: ssh-ed25519
                Encryption: none
                Comment: demo
                Public-Lines: 2

                """,
                "puttygen key.ppk -O private-openssh -o id_rsa  # convert PuTTY-User-Key-File-3 keys"),
        };

        yield return new SecretRule
        {
            Id = "private-key-ssh2-encrypted",
            Description = "ssh.com (SSH2) encrypted private key",
            Severity = Severity.High,
            Regex = @"---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----(?:[\s\\n""',]{1,24}[A-Za-z-]{1,30}:(?:[^\r\n\\]|\\""){0,200}){0,5}[A-Za-z0-9+/=\s\\""',]{64,}---- END SSH2 ENCRYPTED PRIVATE KEY ----",
            MultilineSpan = 16384,
            Keywords = EquatableArray.Of("ssh2 encrypted private key"),
            Tags = EquatableArray.Of("private-key", "ssh"),
            TruePositives = EquatableArray.Of(
                """
                ---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----
                Comment: "rsa-key-20240102"
                P2/564Z6fCg4+bYYyVK/o7E7YkOdWf9lZqTo4WJ3JC+Q4RKMHhzSl70TJz36jMVuUqxPWc
                4wQDjpZhpG3idCCZwycJd+706+s8lqDChA1ZuYqRwkin9ZgxDjKGqGuzjxhWnu6WUTGyTT
                sl+C0xy/KcWayER4AsP8o+cOcu3uR0k6LSxYA8K8TwGVfMyw9vRwx0gpxI2RNVYx5vPCPU
                Hv+3AQJsb2CKBexUef6zhgxqo2buPoccnkI6Vq6SbvfpkfyZNaoGofGWQyLo4jbM8/wuHS
                hvi2xdfDHebSk9VujSuaNrCa2yo6czNSAm8ReNHJC5/HnNzHRQpBQMtZ0OQsw7PqFrrQ1e
                iRLTeQvQePUSS+orfMNaNsuT9PNmh+mO/BP7Wzc6qd07JH6z2PpRjdMBz2afVqkhPyKQZX
                CHo861+yX1jPsYc0qmPETtcU7Gg1g5u5MwJIKG7ocL5eyyrAv1A1E6PKs3OxduNiHRUi0+
                xachhlPCvckfYqN7BUZEzxVx1KxqP8hwVD7wX0DGe6Rh4TVQI=
                ---- END SSH2 ENCRYPTED PRIVATE KEY ----
                """,
                """
                key: |
                  ---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----
                  Comment: "rsa-key-20240102"
                  P2/561W6DWUO92B0WlRtFs0ieECUr/wc6XSQt2WVr2YEhrND4EgOJbpNbBU50olkl7TUs4
                  ZVgXSTkTZmDdVhJUAb4LS7mKGfO+tSVKn0yvG4WUp5mH3aaxsUT15tCAGQRBibIMWjowCE
                  uTS4Srt1e9/YOEGOizmGyatXVG8jn2qxJPt9iZ/8W97MHTp97ENbd3CFce6MTME7tXpA4I
                  9e6Lq7/qyLEjrA4eq0YdWwG+DgkBy0GH1+gzvrZzNXcMJwSMMVeBQf7FAKMASQjvN5Mj1F
                  foW6W7lSZi8D4R+gTZDF/RKql92risQ7mi1HoQv42XOYawT0LsfboJvW0sNa1Uz+MSlhHa
                  bojNAROAAOcbZMrm+jhmVGdrTnpYIBss57kMMv0ag0t1vkQWRTw8bQ0h/Tjf8GDQ1t+Mt5
                  fqEyRsZDHAsTD+ha6KfH7CRe3KplT/Dj/cspmRKGgGSZM7taDemDX4NiLCmJDx1J7YoJgv
                  TqiAzMA3kb6HzXNamiQzAk9k+R4oe+Mk0KwQGFnoWrfP5Rh9g=
                  ---- END SSH2 ENCRYPTED PRIVATE KEY ----
                """),
            FalsePositives = EquatableArray.Of(
                """
                ---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----
                P2/56w==
                ---- END SSH2 ENCRYPTED PRIVATE KEY ----
                """,
                """
                ---- BEGIN SSH2 PUBLIC KEY ----
                AAAAB3NzaC1yc2EcBRhQ4pRdB869cE41RTYqB7kHci5YuQ4cZVQ1fFZYlkynJ5GdrRAT5gADEWoXKfiIaRVK5/pqKTETRVceFNxqDlh4hMyxpMs6fDy/Ew8xoUpHWLftRfT19N7
                ---- END SSH2 PUBLIC KEY ----
                """),
        };

        // Bech32 with the upper-case "AGE-SECRET-KEY-1" human-readable part; 58 data chars.
        yield return new SecretRule
        {
            Id = "age-secret-key",
            Description = "age encryption secret key",
            Severity = Severity.Critical,
            Regex = @"\b(AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})\b",
            SecretGroup = 1,
            Entropy = 3.5,
            Keywords = EquatableArray.Of("age-secret-key-1"),
            Tags = EquatableArray.Of("private-key", "age"),
            TruePositives = EquatableArray.Of(
                """
                # created: 2024-06-11T10:12:01+02:00
                # public key: age19mvsp8f7wf3ljjt70zm9m6ccn0skhrp4hy5adl56jfm2shcnhlc6zfw2dp
                AGE-SECRET-KEY-1GJ8LUQFANATN5J7828SL9QX7K0W88VCNTYG0TR9DPU3DQVPT8004W0WYPE
                """,
                "SOPS_AGE_KEY=AGE-SECRET-KEY-1HYVT6PNWDUW0WHJ9T9HGQYGDV367PX6RG4V87E6XJAS6KX0XTLWTQLHR55"),
            FalsePositives = EquatableArray.Of(
                "SOPS_AGE_KEY=AGE-SECRET-KEY-1ZWQVDRQQ6P5NLY6QDFFJ4E339C2L70",
                "recipient: age13mz48ekxfueecqnwr2f0med8nw89sqcakgkhydhcwvtavmqlwqxqyandr4"),
        };

        // "LS0tLS1CRUdJTi" is base64 of "-----BEGIN"; "PRIVATE KEY-" encodes to one of three strings
        // depending on its offset, which keeps certificates (also base64 PEM) out.
        yield return new SecretRule
        {
            Id = "private-key-base64-pem",
            Description = "Base64-encoded PEM private key (kubeconfig, Kubernetes secrets, env vars)",
            Severity = Severity.Critical,
            Regex = @"\b(LS0tLS1CRUdJTi[A-Za-z0-9+/]{0,40}(?:UFJJVkFURSBLRVkt|UklWQVRFIEtFWS0t|IFBSSVZBVEUgS0VZ)[A-Za-z0-9+/]{100,}={0,2})(?:[^A-Za-z0-9+/=]|$)",
            SecretGroup = 1,
            Keywords = EquatableArray.Of("ls0tls1crudjti"),
            Tags = EquatableArray.Of("private-key", "kubernetes"),
            TruePositives = EquatableArray.Of(
                "    client-key-data: LS0tLS1CRUdJTiBFQyBQUklWQVRFIEtFWS0tLS0tCk1IY0NBUUVFSUt5b0dwemYrZTdOeWJTSVZZNDYyQ3MxMXkyR2hpcU1QWlE4ZFRqcEdtb0VvQW9HQ0NxR1NNNDkKQXdFSG9VUURRZ0FFTWp0TFh2UVAzQW43cXhHMVZTeUxkbWFYK3NmWTZpL3VtMHRwY3BrSERtTVE4VlhuSnlCSwpTblNEdjZkT2xkVWprSnBNbXZubG9IejR0V1Z6aXZ3Y2JRPT0KLS0tLS1FTkQgRUMgUFJJVkFURSBLRVktLS0tLQo=",
                """
                data:
                  tls.key: LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JSUNkd0lCQURBTkJna3Foa2lHOXcwQkFRRUZBQVNDQW1Fd2dnSmRBZ0VBQW9HQkFMN2RsdVRva2swUXpCOUMKc1pOWWlFV2xvdk9KQVdWYlNCc1lEM0ErRkZIZS9FbERSbjViTFBCV0dsT05WR0N5Y2N0eC8wRkNjdFNva0tCeQpCamRyaWJWY0p2OWlsclFmREsrczdkUGthUzgwUFZDR3dPQ3JxazlSdmxqTWtPQjdXdFpWL3FVNzgzQW9ja0Y4CjNsRHZpVitzcmh0ZzI3bFhmRmZVQTg2Z2ZZdEhBZ01CQUFFQ2dZRUFuOFBJYlRBb1ZvMzY3eWZha0tZSTI1TzgKaFBKbjBybkg3N1lDSmtnd3BoOXJPc0F2bjlFZUdzZFlIaHd0Und2WHFSNXhOZVV6VGNNVDNOblZUa3FiNTFwNQpkbjlsM1JzQVRuYTVjTWdYY0h4eW45dEJ5cm1aSFZFSXhWT0tYeklERzdxY0NQNXlqeVhlbHpKS1BYTjJJTDllCllNSUV1R1FkUWhtcVNYbjhkdEVDUVFEdUVKSlBSSXlYbVFxMFJ5OEt0UzJqRFNUREpWR2E1eEk2a0cya0YxaGsKR0hVcUptSHVHdHZBallpaW9GOHdkbVR3QXFRN0x6Z3FUdGtqMWJzLzNQOXJBa0VBelQ2MmdVWUUxOHRvS1NmdAorQUhKUlJicDl6WmxnZlRQOEM5VjVuc3VIZnl5L3lQUklRTHZnN0Jib09iSWE2REpjMllsc2RCb1R4aWRrNldKCkFKa21sUUpBVDFMTVBZZGN4VUtrVTIrSW1DdkllaFR1RSt3Q1pmZnFsZ0w3MVhwRjVJeFZ0ZWEyS00xZ1BhZXIKU0d6aGF0ZDRTSlRJdmtPOGxqUlJtK1Fpa1dRRTR3SkFVdm02a05LODNIMElWRE1uV3E5bUxqOVFRVGhGbTE5Ywp2VzUxbk9OSnhxZkZ1YTVDT3NWVURYbzc0UFhNS3U3cTRuTjJZOGVzaytXUXR3TWlPeEt2YlFKQkFMakx3MWc4Cm1Ld1hxbUtSNGJMRWtMR3ZTODhFNU5rdW5UMVpoN2FPdkltMkhMckkxNVBqbzViMUQ2K2FUTlJxTEJDV3JvS0EKc01XeHhCSGdmeGNFRVZFPQotLS0tLUVORCBQUklWQVRFIEtFWS0tLS0tCg==
                """,
                "SIGNING_KEY_B64=\"LS0tLS1CRUdJTiBPUEVOU1NIIFBSSVZBVEUgS0VZLS0tLS0KYjNCbGJuTnphQzFyWlhrdGRqRUFBQUFBQkc1dmJtVUFBQUFFYm05dVpRQUFBQUFBQUFBQkFBQUFNd0FBQUF0emMyZ3RaVwpReU5UVXhPUUFBQUNDUTZrYXlENjVPQVpVNFV5UVR3YnNpNE1uMTIzOGVmSk40T3M3RVlHN1VDQUFBQUpqVG1DSFgwNWdoCjF3QUFBQXR6YzJndFpXUXlOVFV4T1FBQUFDQ1E2a2F5RDY1T0FaVTRVeVFUd2JzaTRNbjEyMzhlZkpONE9zN0VZRzdVQ0EKQUFBRUMxUlNiM3VxeHpZamRLZE13ajdESnpjTi8zMEdsOXZzQ0NYa0xhTFdLT29wRHFScklQcms0QmxUaFRKQlBCdXlMZwp5ZlhiZng1OGszZzZ6c1JnYnRRSUFBQUFFR1JsY0d4dmVVQmphUzF5ZFc1dVpYSUJBZ01FQlE9PQotLS0tLUVORCBPUEVOU1NIIFBSSVZBVEUgS0VZLS0tLS0K\""),
            FalsePositives = EquatableArray.Of(
                "    client-certificate-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0teoAkS553MOVtJW2sUzcf7r5smYWsjsCmyqIN402pyf6BvUw2uYwlPPki8S3FpEH8pcnHj7mAki1CVzYs6y3iqPEl1u+/EWJ+QYAjHmXaVZXH1AKWC+RT6QBlTQ0PcSkagbKT60z5I1FlnrdI5K4RzDhRgDWPrA7MxrQHJvcPZrcObvZZZ/XMSPWqnTCFi5grUDIaTmwm",
                "client-key-data: LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0t"),
        };
    }
}
