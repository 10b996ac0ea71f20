/**
 * Iran's banks and credit institutions by the three-digit code that an IBAN
 * (Sheba) carries right after its check digits: IR kk BBB … (010 is the Central Bank, 017 Melli)
 * (the Central Bank's list of bank identifiers). Banks merged into Sepah in
 * 2020 (Ansar, Ghavamin, Hekmat Iranian, Kosar, Mehr Eqtesad) keep their
 * codes: accounts opened there still carry them. The colour is the bank's
 * brand colour, for the web app's badge; it is never part of a rule.
 */
export interface IranianBank {
  code: string;
  /** The bank's Persian name, as people write it. */
  name: string;
  /** Latin transliteration, for logs and operators. */
  latin: string;
  /** #rrggbb, the bank's own colour. */
  color: string;
}

const BANKS: IranianBank[] = [
  { code: '010', name: 'بانک مرکزی جمهوری اسلامی ایران', latin: 'Central Bank of Iran', color: '#1b5e20' },
  { code: '011', name: 'بانک صنعت و معدن', latin: 'Sanat o Madan', color: '#0d3c61' },
  { code: '012', name: 'بانک ملت', latin: 'Mellat', color: '#d32f2f' },
  { code: '013', name: 'بانک رفاه کارگران', latin: 'Refah Kargaran', color: '#1565c0' },
  { code: '014', name: 'بانک مسکن', latin: 'Maskan', color: '#e65100' },
  { code: '015', name: 'بانک سپه', latin: 'Sepah', color: '#0d47a1' },
  { code: '016', name: 'بانک کشاورزی', latin: 'Keshavarzi', color: '#2e7d32' },
  { code: '017', name: 'بانک ملی ایران', latin: 'Melli Iran', color: '#004d40' },
  { code: '018', name: 'بانک تجارت', latin: 'Tejarat', color: '#283593' },
  { code: '019', name: 'بانک صادرات ایران', latin: 'Saderat Iran', color: '#1a237e' },
  { code: '020', name: 'بانک توسعه صادرات ایران', latin: 'Export Development Bank', color: '#00695c' },
  { code: '021', name: 'پست بانک ایران', latin: 'Post Bank', color: '#2e7d32' },
  { code: '022', name: 'بانک توسعه تعاون', latin: 'Tose-e Taavon', color: '#00796b' },
  { code: '051', name: 'مؤسسه اعتباری توسعه', latin: 'Tose-e Credit Institution', color: '#4e342e' },
  { code: '052', name: 'بانک قوامین', latin: 'Ghavamin (merged into Sepah)', color: '#1b5e20' },
  { code: '053', name: 'بانک کارآفرین', latin: 'Karafarin', color: '#33691e' },
  { code: '054', name: 'بانک پارسیان', latin: 'Parsian', color: '#b71c1c' },
  { code: '055', name: 'بانک اقتصاد نوین', latin: 'Eghtesad Novin', color: '#6a1b9a' },
  { code: '056', name: 'بانک سامان', latin: 'Saman', color: '#0277bd' },
  { code: '057', name: 'بانک پاسارگاد', latin: 'Pasargad', color: '#f9a825' },
  { code: '058', name: 'بانک سرمایه', latin: 'Sarmayeh', color: '#37474f' },
  { code: '059', name: 'بانک سینا', latin: 'Sina', color: '#01579b' },
  { code: '060', name: 'بانک قرض‌الحسنه مهر ایران', latin: 'Mehr Iran', color: '#2e7d32' },
  { code: '061', name: 'بانک شهر', latin: 'Shahr', color: '#c62828' },
  { code: '062', name: 'بانک آینده', latin: 'Ayandeh', color: '#5d4037' },
  { code: '063', name: 'بانک انصار', latin: 'Ansar (merged into Sepah)', color: '#2e7d32' },
  { code: '064', name: 'بانک گردشگری', latin: 'Gardeshgari', color: '#ad1457' },
  { code: '065', name: 'بانک حکمت ایرانیان', latin: 'Hekmat Iranian (merged into Sepah)', color: '#283593' },
  { code: '066', name: 'بانک دی', latin: 'Dey', color: '#006064' },
  { code: '069', name: 'بانک ایران زمین', latin: 'Iran Zamin', color: '#4a148c' },
  { code: '070', name: 'بانک قرض‌الحسنه رسالت', latin: 'Resalat', color: '#0277bd' },
  { code: '073', name: 'مؤسسه اعتباری کوثر', latin: 'Kosar (merged into Sepah)', color: '#00838f' },
  { code: '075', name: 'مؤسسه اعتباری ملل', latin: 'Melal', color: '#1565c0' },
  { code: '078', name: 'بانک خاورمیانه', latin: 'Khavarmianeh', color: '#e65100' },
  { code: '079', name: 'بانک مهر اقتصاد', latin: 'Mehr Eghtesad (merged into Sepah)', color: '#2e7d32' },
  { code: '080', name: 'مؤسسه اعتباری نور', latin: 'Noor', color: '#00695c' },
  { code: '095', name: 'بانک ایران و ونزوئلا', latin: 'Iran-Venezuela', color: '#bf360c' },
];

export const IRANIAN_BANKS: ReadonlyMap<string, IranianBank> = new Map(BANKS.map((b) => [b.code, b]));
