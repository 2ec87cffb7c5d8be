/**
 * Word lists for anonymising text: common first names (women's and men's, several cultures), common
 * surnames, pronouns and gendered words. Lowercase. They are deliberately broad; a name that is also an
 * ordinary word (e.g. "will", "may") is only masked when written with a capital letter.
 */

export const FEMALE_FIRST_NAMES: readonly string[] = [
  'abigail', 'ada', 'adriana', 'aisha', 'alexandra', 'alice', 'alicia', 'alison', 'amanda', 'amber', 'amelia', 'amy',
  'ana', 'ananya', 'andrea', 'angela', 'anita', 'anna', 'anne', 'aria', 'ashley', 'aubrey', 'audrey', 'ava', 'avery',
  'barbara', 'beatriz', 'beth', 'bethany', 'betty', 'brenda', 'brittany', 'camila', 'carmen', 'carol', 'caroline',
  'catherine', 'charlotte', 'chiara', 'chloe', 'christina', 'christine', 'claire', 'claudia', 'cynthia', 'daisy',
  'dana', 'danielle', 'deborah', 'denise', 'diana', 'diane', 'donna', 'dorothy', 'eleanor', 'elena', 'elizabeth',
  'ella', 'ellie', 'emily', 'emma', 'erin', 'eva', 'evelyn', 'fatima', 'fiona', 'frances', 'gabriela', 'gloria',
  'grace', 'hannah', 'harper', 'hazel', 'heather', 'helen', 'ingrid', 'isabel', 'isabella', 'jacqueline', 'jane',
  'janet', 'jasmine', 'jennifer', 'jessica', 'joan', 'joanna', 'josephine', 'joyce', 'judith', 'julia', 'julie',
  'karen', 'katherine', 'kathleen', 'kathryn', 'katie', 'kayla', 'kelly', 'kimberly', 'laura', 'lauren', 'layla',
  'leah', 'lily', 'lillian', 'linda', 'lisa', 'lucy', 'madison', 'margaret', 'maria', 'marie', 'marilyn', 'martha',
  'mary', 'maya', 'megan', 'mei', 'melissa', 'mia', 'michelle', 'mila', 'monica', 'nancy', 'natalie', 'ngozi',
  'nicole', 'nora', 'olivia', 'pamela', 'patricia', 'penelope', 'priya', 'rachel', 'rebecca', 'riley', 'rose',
  'ruth', 'samantha', 'sandra', 'sara', 'sarah', 'scarlett', 'sharon', 'shirley', 'sinead', 'sofia', 'sophia',
  'sophie', 'stella', 'stephanie', 'susan', 'teresa', 'theresa', 'tiffany', 'valentina', 'victoria', 'virginia',
  'wendy', 'yuki', 'zoe', 'zoey',
];

export const MALE_FIRST_NAMES: readonly string[] = [
  'aaron', 'adam', 'ahmed', 'alan', 'albert', 'alejandro', 'alexander', 'andrew', 'anthony', 'arjun', 'arthur',
  'austin', 'benjamin', 'billy', 'bobby', 'brandon', 'brian', 'bruce', 'bryan', 'caleb', 'carl', 'carlos',
  'charles', 'chinedu', 'christian', 'christopher', 'daniel', 'david', 'dennis', 'diego', 'donald', 'douglas',
  'dylan', 'edward', 'elijah', 'eric', 'ethan', 'eugene', 'frank', 'gabriel', 'gary', 'george', 'gerald',
  'gregory', 'harold', 'harry', 'henry', 'hiroshi', 'hugo', 'ivan', 'jack', 'jacob', 'james', 'jason', 'jeffrey',
  'jeremy', 'jerry', 'jesse', 'joe', 'john', 'jonathan', 'jose', 'joseph', 'joshua', 'juan', 'justin', 'keith',
  'kenneth', 'kevin', 'kyle', 'larry', 'lars', 'lawrence', 'liam', 'logan', 'louis', 'lucas', 'luis', 'luke',
  'marco', 'mark', 'martin', 'mason', 'matthew', 'michael', 'mohammed', 'muhammad', 'nathan', 'nicholas', 'noah',
  'oliver', 'omar', 'owen', 'patrick', 'paul', 'peter', 'philip', 'rahul', 'ralph', 'randy', 'raymond', 'richard',
  'robert', 'roger', 'ronald', 'roy', 'russell', 'ryan', 'samuel', 'scott', 'sean', 'stephen', 'steven', 'terry',
  'thomas', 'timothy', 'tyler', 'vincent', 'walter', 'wayne', 'wei', 'william', 'willie', 'zachary',
];

export const SURNAMES: readonly string[] = [
  'adams', 'allen', 'anderson', 'baker', 'brown', 'campbell', 'carter', 'chen', 'clark', 'davis', 'fischer',
  'flores', 'garcia', 'gonzalez', 'green', 'haddad', 'hall', 'harris', 'hernandez', 'hill', 'jackson', 'johnson',
  'jones', 'kim', 'king', 'kowalski', 'larsen', 'lee', 'lewis', 'lopez', 'martin', 'martinez', 'miller',
  'mitchell', 'moore', 'murphy', 'nelson', 'nguyen', 'novak', 'okafor', 'patel', 'perez', 'ramirez', 'rivera',
  'roberts', 'robinson', 'rodriguez', 'rossi', 'sanchez', 'scott', 'shah', 'smith', 'tanaka', 'taylor',
  'thompson', 'torres', 'walker', 'wang', 'white', 'williams', 'wilson', 'wright', 'young', 'zhang', 'singh',
  'kumar', 'ali', 'khan', 'ivanov', 'muller', 'schmidt', 'dubois', 'silva', 'santos', 'costa', 'yamamoto',
];

export const PRONOUNS: readonly string[] = ['she', 'he', 'her', 'hers', 'him', 'his', 'herself', 'himself'];

export const GENDERED_WORDS: readonly string[] = [
  'woman', 'women', 'womens', 'man', 'men', 'mens', 'female', 'male', 'females', 'males', 'girl', 'girls', 'boy',
  'boys', 'lady', 'ladies', 'gentleman', 'gentlemen', 'mr', 'mrs', 'ms', 'miss', 'sorority', 'fraternity',
  'sororities', 'fraternities', 'maternity', 'paternity', 'wife', 'husband', 'mother', 'father', 'mom', 'dad',
  'sister', 'brother', 'daughter', 'son', 'niece', 'nephew', 'aunt', 'uncle', 'actress', 'waitress', 'hostess',
  'chairwoman', 'chairman', 'spokeswoman', 'spokesman', 'businesswoman', 'businessman', 'sportswoman', 'sportsman',
  'feminine', 'masculine', 'girlfriend', 'boyfriend', 'grandmother', 'grandfather', 'sisterhood', 'brotherhood',
  'madam', 'sir',
];
