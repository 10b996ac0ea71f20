import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, RpcClient } from '@app/common';
import { ErrorCode, PaymentsSubjects, TopUpCallbackView } from '@app/contracts';

/**
 * The browser side of bank payments, under /payments/ipg/: the sandbox
 * bank's payment page (Pay / Cancel, then a 303 to the merchant's callback,
 * as a real bank gateway redirects) and the platform's callback for every
 * gateway. Each decision is the payments service's; this only renders.
 */
@Controller('payments/ipg')
export class SandboxIpgController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('sandbox/pay/:authority')
  async page(@Param('authority') authority: string, @Res() reply: FastifyReply) {
    return this.render(reply, async () => {
      const s = await this.rpc.send(PaymentsSubjects.SandboxSession, { authority });
      const open = s.state === 'OPEN';
      reply.code(200);
      return page(
        'درگاه پرداخت آزمایشی',
        `
        <p class="muted">درگاه آزمایشی — هیچ پولی جابه‌جا نمی‌شود.</p>
        <p>${escape(s.description)}</p>
        <p class="amount">${rials(s.amount)} ریال</p>
        ${
          open
            ? `<form method="post">
          <button name="action" value="pay" type="submit">پرداخت</button>
          <button name="action" value="cancel" type="submit" class="secondary">انصراف</button>
        </form>`
            : `<p>این پرداخت پیش‌تر ${s.state === 'CANCELLED' ? 'لغو' : 'انجام'} شده است.</p>
        <form method="post"><button name="action" value="cancel" type="submit" class="secondary">بازگشت به پذیرنده</button></form>`
        }`,
      );
    });
  }

  @Post('sandbox/pay/:authority')
  async decide(@Param('authority') authority: string, @Body() body: Record<string, unknown> | undefined, @Res() reply: FastifyReply) {
    const action = typeof body?.action === 'string' ? body.action : '';
    return this.render(reply, async () => {
      const { redirectUrl } = await this.rpc.send(PaymentsSubjects.SandboxDecide, { authority, action });
      reply.code(303).header('location', redirectUrl);
      return page('بازگشت به پذیرنده', `<p><a href="${escape(redirectUrl)}">ادامه</a></p>`);
    });
  }

  /**
   * Where every bank sends the browser back (Zarinpal and the sandbox alike:
   * ?Authority=…&Status=OK|NOK). The top-up is settled here either way; a
   * browser finding its way back (a top-level navigation) is then sent on to
   * the web app's wallet, which shows the result, while any other client gets
   * the result page as before.
   */
  @Get(':gateway/callback')
  async callback(
    @Param('gateway') gateway: string,
    @Query('Authority') authority: string | undefined,
    @Query('Status') status: string | undefined,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.render(reply, async () => {
      if (gateway !== 'sandbox' && gateway !== 'zarinpal') throw DomainError.notFound('No such payment gateway');
      if (typeof authority !== 'string' || !authority) throw DomainError.badInput('Authority', 'The bank sent no payment reference');
      const result = await this.rpc.send(PaymentsSubjects.TopUpCallback, {
        gateway,
        authority: authority.slice(0, 256),
        status: typeof status === 'string' ? status.slice(0, 32) : null,
      });
      if (result.topUpId && req.headers['sec-fetch-dest'] === 'document') {
        reply.code(303).header('location', `/wallet?topUp=${encodeURIComponent(result.topUpId)}`);
        return page('بازگشت به برنامه', `<p><a href="/wallet">بازگشت به کیف پول</a></p>`);
      }
      reply.code(result.status === 'UNKNOWN' ? 404 : 200);
      return page('نتیجهٔ پرداخت', outcome(result));
    });
  }

  /** Sends the page itself: the status (303, 404, …) is the page's, not Nest's default for the method. */
  private async render(reply: FastifyReply, body: () => Promise<string>): Promise<void> {
    reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store');
    let html: string;
    try {
      html = await body();
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      const status =
        err.code === ErrorCode.NotFound
          ? 404
          : err.code === ErrorCode.BadUserInput
            ? 400
            : err.code === ErrorCode.ServiceUnavailable
              ? 503
              : 500;
      reply.code(status).removeHeader('location');
      html = page(
        'خطا',
        `<p>${status === 404 ? 'این پرداخت پیدا نشد.' : status === 400 ? 'درخواست نامعتبر است.' : 'سرویس پرداخت در دسترس نیست؛ کمی بعد دوباره تلاش کنید.'}</p>`,
      );
    }
    await reply.send(html);
  }
}

function outcome(r: TopUpCallbackView): string {
  switch (r.status) {
    case 'SUCCEEDED':
      return `<p class="ok">پرداخت موفق بود و کیف پول شما شارژ شد.</p><p class="amount">${rials(r.amount!)} ریال</p>
        <p>کد پیگیری بانک: <bdi>${escape(r.bankReference ?? '')}</bdi></p><p><a href="/">بازگشت به برنامه</a></p>`;
    case 'PENDING':
      return `<p>پرداخت در حال بررسی است؛ نتیجه تا چند دقیقهٔ دیگر در کیف پول شما دیده می‌شود.</p><p><a href="/">بازگشت به برنامه</a></p>`;
    case 'UNKNOWN':
      return `<p>این پرداخت پیدا نشد.</p>`;
    default:
      return `<p class="fail">پرداخت انجام نشد. اگر مبلغی از حساب شما کم شده باشد، بانک آن را بازمی‌گرداند.</p><p><a href="/">بازگشت به برنامه</a></p>`;
  }
}

function rials(amount: string): string {
  return BigInt(amount).toLocaleString('fa-IR');
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="fa" dir="rtl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>body{font-family:system-ui,Tahoma,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;line-height:1.8}
.amount{font-size:1.6rem;font-weight:bold}.muted{color:#777}.ok{color:#0a7a3d}.fail{color:#b3261e}
button{font:inherit;padding:.5rem 1.5rem;margin-left:.5rem;border:0;border-radius:.4rem;background:#0b57d0;color:#fff;cursor:pointer}
button.secondary{background:#e3e3e3;color:#222}</style></head>
<body><h1>${escape(title)}</h1>${body}</body></html>`;
}
