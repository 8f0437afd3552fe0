using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Meicheng.Web.Features.Reporting;

/// <summary>One e-mail of a reminder: its recipients, subject and plain-text body.</summary>
internal sealed record ReminderMail(IReadOnlyList<string> Recipients, string Subject, string Body);

/// <summary>
/// The reminder channels as configured under <c>Reporting</c>: the webhook (<c>ReminderWebhookUrl</c>, one JSON POST) and
/// e-mail (<c>Smtp</c>), used by the reporting reminders and the live-data alerts; either channel is skipped when it is
/// not configured.
/// </summary>
internal sealed class ReminderChannels(IOptions<ReportingOptions> options, IHttpClientFactory http)
{
    /// <summary>Posts <paramref name="payload"/> to the webhook and sends each mail with recipients; says what went out.</summary>
    public async Task<(bool WebhookSent, int Emails)> SendAsync(object payload, IReadOnlyList<ReminderMail> mails, CancellationToken ct)
    {
        var settings = options.Value;
        var webhookSent = false;
        if (!string.IsNullOrWhiteSpace(settings.ReminderWebhookUrl))
        {
            using var response = await http.CreateClient(Reminders.HttpClientName).PostAsJsonAsync(settings.ReminderWebhookUrl, payload, ct);
            response.EnsureSuccessStatusCode();
            webhookSent = true;
        }
        var emails = 0;
        var addressed = mails.Where(m => m.Recipients.Count > 0).ToList();
        if (!string.IsNullOrWhiteSpace(settings.Smtp.Host) && addressed.Count > 0)
        {
            using var smtp = new SmtpClient();
            await smtp.ConnectAsync(settings.Smtp.Host, settings.Smtp.Port, settings.Smtp.UseSsl ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTlsWhenAvailable, ct);
            if (!string.IsNullOrEmpty(settings.Smtp.User))
                await smtp.AuthenticateAsync(settings.Smtp.User, settings.Smtp.Password ?? "", ct);
            foreach (var mail in addressed)
            {
                var message = new MimeMessage();
                message.From.Add(MailboxAddress.Parse(settings.Smtp.From));
                message.To.AddRange(mail.Recipients.Select(MailboxAddress.Parse));
                message.Subject = mail.Subject;
                message.Body = new TextPart("plain") { Text = mail.Body };
                await smtp.SendAsync(message, ct);
                emails++;
            }
            await smtp.DisconnectAsync(true, ct);
        }
        return (webhookSent, emails);
    }
}
