"""The WeChat official-account channel (wechatpy), served by the gateway on /wechat."""
