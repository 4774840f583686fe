using System.Threading.Channels;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Kaizen.Web.Mail;

// Settings under Kaizen:Smtp. With no Host, Kaizen sends no mail and shows links to the administrator instead.
public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public string From { get; set; } = "";
    public string? User { get; set; }
    public string? Password { get; set; }

    // True: TLS is required (STARTTLS, or TLS from the start on port 465). False only for a relay on a trusted network.
    public bool UseTls { get; set; } = true;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}

public sealed record OutgoingMail(string To, string Subject, string Body);

// Kaizen's one way of sending email, shared by every feature that sends any (invitations, password links, reminders).
public sealed class Mailer(IOptions<SmtpOptions> options, ILogger<Mailer> log)
{
    private readonly Channel<OutgoingMail> queue = Channel.CreateBounded<OutgoingMail>(
        new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public bool IsConfigured => options.Value.IsConfigured;

    // Sends now, so the caller can tell the user whether it went. Throws when the server refuses or cannot be reached.
    public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken = default)
    {
        var smtp = options.Value;
        if (!smtp.IsConfigured) throw new InvalidOperationException("Email is not set up (Kaizen:Smtp:Host is empty).");
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(smtp.From));
        message.To.Add(MailboxAddress.Parse(mail.To));
        message.Subject = mail.Subject;
        message.Body = new TextPart("plain") { Text = mail.Body };

        using var client = new SmtpClient { Timeout = 30_000 };
        var security = !smtp.UseTls ? SecureSocketOptions.None : smtp.Port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls;
        await client.ConnectAsync(smtp.Host!, smtp.Port, security, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.User))
            await client.AuthenticateAsync(smtp.User, smtp.Password ?? "", cancellationToken);
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
    }

    // Sends in the background, in order: for mail an anonymous request causes, whose answer must not wait for (or
    // reveal by its timing) whether a message was sent. Failures are logged.
    public void Enqueue(OutgoingMail mail)
    {
        if (!queue.Writer.TryWrite(mail)) log.LogWarning("The outgoing mail queue is full; a message to {To} was dropped.", mail.To);
    }

    internal ChannelReader<OutgoingMail> Queue => queue.Reader;
}

public sealed class MailOutbox(Mailer mailer, ILogger<MailOutbox> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var mail in mailer.Queue.ReadAllAsync(stoppingToken))
        {
            try { await mailer.SendAsync(mail, stoppingToken); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Could not send \"{Subject}\" to {To}.", mail.Subject, mail.To);
            }
        }
    }
}

public static class MailSetup
{
    public static IServiceCollection AddKaizenMail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SmtpOptions>().Bind(configuration.GetSection("Kaizen:Smtp"))
            .Validate(o => !o.IsConfigured || MailboxAddress.TryParse(o.From, out _), "Kaizen:Smtp:From must be an email address when Kaizen:Smtp:Host is set.")
            // Links in mail sent from anonymous requests (a forgotten password) must not take their host from the request.
            .Validate(o => !o.IsConfigured || Uri.TryCreate(configuration["Kaizen:PublicUrl"], UriKind.Absolute, out _), "Set Kaizen:PublicUrl (for example https://kaizen.example.nhs.uk) when Kaizen:Smtp:Host is set: links in emails start with it.")
            .ValidateOnStart();
        services.AddSingleton<Mailer>();
        services.AddHostedService<MailOutbox>();
        return services;
    }
}
